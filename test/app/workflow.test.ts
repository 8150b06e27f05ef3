// The App inside a workflow: dist/app-workflow.js run as the runner runs a step, with the event
// payload at GITHUB_EVENT_PATH (without `installation`, as workflow payloads come) and the App's
// id and key from secrets. It finds its installation, and the same handlers answer. The step's
// failures are also run in-process, through the function the bundle's entry calls.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workflowStep } from "../../app/workflow.js";
import { ROOT } from "../../scripts/package.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { REPO, SETTINGS } from "./harness.js";

let emulator: RunningEmulator;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  emulator.addOrg("acme");
  emulator.addRepo("acme", "web", { files: { ".github/stagegate.yml": SETTINGS } });
  emulator.setRole(REPO, "ada", "admin");
  emulator.installApp({ account: "acme" });
  // No server: the workflow is the only one to handle events.
  emulator.setWebhookUrl(null);
  dir = await mkdtemp(join(tmpdir(), "stagegate-workflow-"));
});

afterEach(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

async function runStep(event: string, payload: unknown, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string }> {
  const eventPath = join(dir, "event.json");
  await writeFile(eventPath, JSON.stringify(payload));
  const child = spawn(process.execPath, [join(ROOT, "dist/app-workflow.js")], {
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: emulator.baseUrl,
      GITHUB_REPOSITORY: REPO,
      GITHUB_RUN_ID: "4242",
      GITHUB_RUN_ATTEMPT: "1",
      APP_ID: String(emulator.app.id),
      PRIVATE_KEY: emulator.app.privateKey,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout };
}

it("answers a command on issue_comment with the App's installation token", async () => {
  const { value: tracking } = await emulator.as("ada").openIssue(REPO, { title: "Rollout: playlist-editor", body: "<!-- stagegate:rollout playlist-editor -->\n## Rollout\n", labels: ["stagegate"] });
  const { value: comment } = await emulator.as("ada").comment(REPO, tracking.number, "/help");
  const { installation: _dropped, ...payload } = emulator.webhooks.deliveries({ event: "issue_comment", action: "created" }).at(-1)?.payload ?? {};

  const run = await runStep("issue_comment", payload);
  expect(run.code, run.stdout).toBe(0);
  expect(run.stdout).toContain("stagegate handled issue_comment.created (run 4242.1)");
  expect(comment.reactions.map((r) => [r.content, r.user])).toEqual([
    ["eyes", "stagegate[bot]"],
    ["rocket", "stagegate[bot]"],
  ]);
  const replies = (emulator.repo(REPO).issues.get(tracking.number)?.commentIds ?? []).map((id) => emulator.state.comments.get(id)).filter((c) => c?.author === "stagegate[bot]");
  expect(replies).toHaveLength(1);
  // It looked its installation up as the App, then worked with an installation token.
  const calls = emulator.requests.counts("route");
  expect(calls["GET /repos/{owner}/{repo}/installation"]).toBe(1);
  expect(emulator.requests.violations()).toEqual([]);
});

it("does nothing for an event the App does not handle", async () => {
  const run = await runStep("push", { ref: "refs/heads/main" });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("stagegate does not handle push events; nothing to do");
});

it("fails the step with one sentence when the key is missing", async () => {
  const run = await runStep("issue_comment", { action: "created" }, { PRIVATE_KEY: "" });
  expect(run.code).toBe(1);
  expect(run.stdout.split("\n")[0]).toBe("::error title=stagegate::PRIVATE_KEY is not set: pass the App's private key from a secret (`PRIVATE_KEY: ${{ secrets.STAGEGATE_PRIVATE_KEY }}`)");
});

describe("the step in-process", () => {
  const step = (env: Record<string, string | undefined>) => workflowStep({ GITHUB_API_URL: emulator.baseUrl, APP_ID: String(emulator.app.id), PRIVATE_KEY: emulator.app.privateKey, LOG_LEVEL: "fatal", GITHUB_RUN_ID: "77", ...env });
  async function event(payload: unknown): Promise<string> {
    const path = join(dir, "event.json");
    await writeFile(path, JSON.stringify(payload));
    return path;
  }

  it("finds the App's installation for the repository, then hands the event to the handlers", async () => {
    const { value: issue } = await emulator.as("ada").openIssue(REPO, { title: "Save button misaligned", body: "an ordinary issue\n" });
    await emulator.as("ada").comment(REPO, issue.number, "/help");
    const { installation: _dropped, ...payload } = emulator.webhooks.deliveries({ event: "issue_comment", action: "created" }).at(-1)?.payload ?? {};
    expect(await step({ GITHUB_EVENT_NAME: "issue_comment", GITHUB_EVENT_PATH: await event(payload) })).toEqual({ exitCode: 0, lines: ["stagegate handled issue_comment.created (run 77.1)"] });
    expect(emulator.requests.counts("route")["GET /repos/{owner}/{repo}/installation"]).toBe(1);
    // Not a tracking issue: the handlers read nothing more, and answer nothing.
    expect(emulator.repo(REPO).issues.get(issue.number)?.commentIds).toHaveLength(1);

    // A payload that names its installation needs no lookup; a run outside GitHub has no run id.
    const named = emulator.webhooks.deliveries({ event: "issue_comment", action: "created" }).at(-1)?.payload ?? {};
    expect(await step({ GITHUB_EVENT_NAME: "issue_comment", GITHUB_EVENT_PATH: await event(named), GITHUB_RUN_ID: undefined })).toEqual({ exitCode: 0, lines: ["stagegate handled issue_comment.created (run local.1)"] });
    expect(emulator.requests.counts("route")["GET /repos/{owner}/{repo}/installation"]).toBe(1);
  });

  it("fails the step with the reason as one annotation, the stack after it", async () => {
    const noName = await step({ GITHUB_EVENT_NAME: undefined });
    expect(noName.exitCode).toBe(1);
    expect(noName.lines[0]).toBe("::error title=stagegate::GITHUB_EVENT_NAME is not set: run this inside a GitHub workflow");
    expect(noName.lines[1]).toMatch(/^Error: GITHUB_EVENT_NAME is not set/);

    expect((await step({ GITHUB_EVENT_NAME: "issues", APP_ID: "" })).lines[0]).toBe("::error title=stagegate::APP_ID is not set: pass the App's id (e.g. `APP_ID: ${{ vars.STAGEGATE_APP_ID }}`)");
    expect((await step({ GITHUB_EVENT_NAME: "issues", GITHUB_EVENT_PATH: await event({ action: "opened" }) })).lines[0]).toBe("::error title=stagegate::the issues event names no repository, so the App's installation cannot be found");
  });

  it("reports a handler's failure by its first error", async () => {
    // An installation the App does not have: the handler's first call cannot get a token.
    const payload = { action: "opened", number: 1, pull_request: { number: 1, head: { sha: "0".repeat(40) } }, repository: { name: "web", owner: { login: "acme" }, default_branch: "main" }, installation: { id: 999_999 }, sender: { login: "ada" } };
    const failed = await step({ GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: await event(payload) });
    expect(failed.exitCode).toBe(1);
    expect(failed.lines[0]).toBe("::error title=stagegate::Not Found - https://docs.github.com/rest");
    expect(failed.lines[1]).toMatch(/^HttpError: Not Found/);
  });
});
