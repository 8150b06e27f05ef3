// The App driven in-process with probot.receive, set up as GITHUB-FACTS.md describes for Probot
// 14 tests (githubToken, retry and throttling off), against the emulator: the payloads are the
// ones the emulator recorded for people's actions, not hand-written.
import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStagegateApp } from "../../app/index.js";
import type { Delivery } from "../../sandbox/github-emulator/index.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { PLAN, PLAN_PATH, REPO, SETTINGS } from "./harness.js";

let emulator: RunningEmulator;
let probot: Probot;

beforeEach(async () => {
  emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  emulator.addOrg("acme");
  emulator.addTeam("acme", "eng-leads", ["lee"]);
  emulator.addRepo("acme", "web", { files: { ".github/stagegate.yml": SETTINGS } });
  for (const [login, role] of [["pam", "write"], ["sam", "triage"], ["rita", "read"]] as const) emulator.setRole(REPO, login, role);
  const installation = emulator.installApp({ account: "acme" });
  // No webhook URL: the emulator records each delivery, and the test hands it to the App.
  emulator.setWebhookUrl(null);
  probot = new Probot({
    githubToken: emulator.createInstallationToken(installation.id),
    baseUrl: emulator.baseUrl,
    Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
    logLevel: "fatal",
  });
  await probot.load(createStagegateApp({ now: () => emulator.clock.now(), identity: { appId: emulator.app.id, botLogin: emulator.app.botLogin } }));
});

afterEach(async () => {
  await emulator.close();
});

const receive = (d: Delivery | undefined) => probot.receive({ id: d?.id ?? "", name: d?.event, payload: d?.payload } as Parameters<Probot["receive"]>[0]);
const last = (event: string, action?: string) => emulator.webhooks.deliveries({ event, ...(action ? { action } : {}) }).at(-1);
const runs = (sha: string) => new Map([...emulator.state.checkRuns.values()].filter((r) => r.headSha === sha).map((r) => [r.name, r] as const));
const issueTitled = (title: string) => [...emulator.repo(REPO).issues.values()].find((i) => i.title === title);

async function openPlanPr() {
  const { value: pr } = await emulator.as("pam").openPullRequest(REPO, { head: "plan", title: "Plan", files: { [PLAN_PATH]: PLAN } });
  await receive(last("pull_request", "opened"));
  await emulator.idle();
  return { number: pr.number, head: pr.headSha };
}

describe("the App under probot.receive", () => {
  it("answers a plan pull request with the plan check, sign-off checks and the tracking issue", async () => {
    const pr = await openPlanPr();
    expect(runs(pr.head).get("stagegate / plan")).toMatchObject({ conclusion: "success" });
    expect(runs(pr.head).get("stagegate / Security review completed")).toMatchObject({ status: "in_progress" });
    expect(issueTitled("Rollout: playlist-editor")?.labels).toEqual(["stagegate"]);
  });

  it("records a tick and answers a command, each once however often it is received", async () => {
    const pr = await openPlanPr();
    const issue = issueTitled("Rollout: playlist-editor");
    await emulator.as("sam").tick(REPO, issue?.number ?? 0, "signoff/security");
    const edited = last("issues", "edited");
    await receive(edited);
    await receive(edited);
    expect([...emulator.state.checkRuns.values()].filter((r) => r.headSha === pr.head && r.name === "stagegate / Security review completed").map((r) => r.conclusion)).toEqual(["success"]);

    const { value: comment } = await emulator.as("rita").comment(REPO, issue?.number ?? 0, "/help");
    const created = last("issue_comment", "created");
    await Promise.all([receive(created), receive(created)]);
    expect(comment.reactions.map((r) => r.content)).toEqual(["eyes", "rocket"]);
    expect(issue?.commentIds.map((id) => emulator.state.comments.get(id)?.author)).toEqual(["rita", "stagegate[bot]"]);
  });

  it("validates the plan again when someone presses Re-run on a stagegate check", async () => {
    const pr = await openPlanPr();
    const check = runs(pr.head).get("stagegate / plan");
    const opened = last("pull_request", "opened")?.payload as Record<string, unknown>;
    const before = [...emulator.state.checkRuns.values()].filter((r) => r.name === "stagegate / plan").length;
    const patches = () => emulator.requests.all({ method: "PATCH" }).filter((r) => r.url.endsWith(`/check-runs/${check?.id}`)).length;
    expect(patches()).toBe(0);
    await probot.receive({
      id: "rerun-1",
      name: "check_run",
      payload: {
        action: "rerequested",
        check_run: { id: check?.id, name: check?.name, head_sha: pr.head, app: { id: emulator.app.id }, pull_requests: [{ number: pr.number }] },
        repository: opened.repository,
        installation: opened.installation,
        sender: opened.sender,
      },
    } as unknown as Parameters<Probot["receive"]>[0]);
    const after = [...emulator.state.checkRuns.values()].filter((r) => r.name === "stagegate / plan");
    // The same run is updated in place: a plan check per head, never a pile of them.
    expect(after).toHaveLength(before);
    expect(patches()).toBe(1);
  });
});
