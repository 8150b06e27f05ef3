// The App inside a workflow: dist/app-workflow.js run as the runner runs a step, with the event
// payload at GITHUB_EVENT_PATH (without `installation`, as workflow payloads come) and the App's
// id and key from secrets. It finds its installation, and the same handlers answer.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
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
