// `npm run app` as a real process: configured only by the environment, it serves /healthz and
// answers a signed webhook from the emulator. Probot's rate limiter is on here, as in production,
// so this test keeps to one short exchange.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { REPO, SETTINGS } from "./harness.js";
import { freePort } from "../free-port.js";
import { appEnv } from "./app-process.js";

let emulator: RunningEmulator;
let child: ChildProcess;
let base: string;
let output = "";


async function until<T>(what: string, probe: () => Promise<T | null> | T | null, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; app output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  emulator.addOrg("acme");
  emulator.addRepo("acme", "web", { files: { ".github/stagegate.yml": SETTINGS } });
  emulator.setRole(REPO, "rita", "read");
  emulator.setRole(REPO, "ada", "admin");
  emulator.installApp({ account: "acme" });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // tsx as a loader, not its CLI, whose SIGTERM relay kills the App on a loaded machine.
  child = spawn(process.execPath, ["--import", "./node_modules/tsx/dist/loader.mjs", "app/main.ts"], {
    env: {
      PATH: process.env.PATH,
      ...appEnv(emulator, port),
      NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await until("the App to listen", async () => ((await fetch(`${base}/healthz`).catch(() => null))?.ok ? true : null));
  emulator.setWebhookUrl(`${base}/api/github/webhooks`);
}, 60_000);

afterAll(async () => {
  if (child.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  await emulator.close();
});

it("starts from the environment and answers a command over signed webhooks", async () => {
  const issue = emulator.repo(REPO);
  const { value: tracking } = await emulator.as("ada").openIssue(REPO, { title: "Rollout: playlist-editor", body: "<!-- stagegate:rollout playlist-editor -->\n## Rollout\n", labels: ["stagegate"] });
  const { value: comment } = await emulator.as("rita").comment(REPO, tracking.number, "/help");
  await until("the App's answer", () => (comment.reactions.some((r) => r.content === "rocket") ? true : null));
  const replies = (issue.issues.get(tracking.number)?.commentIds ?? []).map((id) => emulator.state.comments.get(id)).filter((c) => c?.author === "stagegate[bot]");
  expect(replies.map((c) => c?.body.startsWith("### stagegate commands"))).toEqual([true]);
  expect(comment.reactions.map((r) => [r.content, r.user])).toEqual([
    ["eyes", "stagegate[bot]"],
    ["rocket", "stagegate[bot]"],
  ]);
});

it("logs each delivery as a JSON line with its id, event, rollout and outcome", async () => {
  // The first comment is rita's /help (the App's own reply is delivered too, and ignored).
  const delivery = emulator.webhooks.deliveries({ event: "issue_comment", action: "created" })[0];
  const handled = await until("the delivery's log line", () => {
    const lines = output.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
    return lines.find((l) => l.msg === "delivery handled" && l.delivery === delivery?.id) ?? null;
  });
  expect(handled).toMatchObject({ event: "issue_comment.created", rollout: "playlist-editor", outcome: "ok", level: 30 });
});

it("is ready once it can authenticate as the App, and serves its metrics", async () => {
  expect(await (await fetch(`${base}/readyz`)).text()).toBe("ready\n");
  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toMatch(/^stagegate_webhook_deliveries_total\{event="issue_comment",outcome="ok"\} [12]$/m);
  expect(metrics).toMatch(/^stagegate_webhook_handling_seconds_count\{event="issue_comment"\} [12]$/m);
  expect(metrics).toMatch(/^stagegate_github_api_calls_total\{route="POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments",status="201"\} 1$/m);
  expect(metrics).toMatch(/^stagegate_github_rate_limit_remaining\{resource="core"\} \d+$/m);
  expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
});

it("refuses a delivery with a wrong signature", async () => {
  const response = await fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": "forged-1", "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
    body: JSON.stringify({ action: "created" }),
  });
  expect(response.status).toBeGreaterThanOrEqual(400);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toMatch(/^stagegate_webhook_deliveries_total\{event="issue_comment",outcome="rejected"\} 1$/m);
});

it("exits 0 on SIGTERM", async () => {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
});
