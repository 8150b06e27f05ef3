// Registration from start to a working App, as an administrator goes through it: `npm run app`
// without credentials serves the setup page; its manifest (app.yml's permissions and events, the
// public webhook URL with the webhook path) goes to GitHub, which hands back a code; the App
// exchanges it for its credentials and writes `.env`; the next start reads `.env` and runs
// stagegate's server, which answers webhooks as the newly registered App.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROOT } from "../../scripts/package.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { freePort, startAppProcess, until, type AppProcess } from "./app-process.js";
import { REPO, SETTINGS } from "./harness.js";

let emulator: RunningEmulator;
let dir: string;
let port: number;
let app: AppProcess | null = null;
let env: NodeJS.ProcessEnv;

// tsx as a loader, not its CLI: the CLI relays SIGTERM to a second process and kills it when it
// does not confirm within 30 ms, which a loaded machine misses (exit 143 instead of the App's 0).
const start = () => startAppProcess({ args: ["--import", join(ROOT, "node_modules/tsx/dist/loader.mjs"), join(ROOT, "app/main.ts")], cwd: dir, env, port });

beforeAll(async () => {
  // The emulator's own App takes another name: "stagegate" is free to register.
  emulator = await startEmulator({ now: "2026-11-30T14:00:00Z", app: { slug: "primary" }, checkResponses: true });
  dir = await mkdtemp(join(tmpdir(), "stagegate-registration-"));
  port = await freePort();
  env = {
    PATH: process.env.PATH,
    GITHUB_API_URL: emulator.baseUrl,
    GITHUB_SERVER_URL: "https://github.example",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    HOST: "127.0.0.1",
  };
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const unescape = (html: string) => html.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

it("registers from the manifest, writes .env, and the next start answers webhooks as the new App", async () => {
  app = await start();
  expect((await fetch(`${app.base}/readyz`)).status).toBe(503);

  // The setup page: a form for GitHub's "Create GitHub App" page, carrying the manifest.
  const html = await (await fetch(`${app.base}/`)).text();
  expect(html).toContain('action="https://github.example/settings/apps/new"');
  const manifest = JSON.parse(unescape(/name="manifest" value="([^"]*)"/.exec(html)?.[1] ?? "null")) as Record<string, unknown>;
  const declared = parse(await readFile(join(ROOT, "app.yml"), "utf8")) as Record<string, unknown>;
  expect(manifest).toMatchObject({
    name: "stagegate",
    default_permissions: declared.default_permissions,
    default_events: declared.default_events,
    hook_attributes: { url: `http://127.0.0.1:${port}/api/github/webhooks`, active: true },
    redirect_url: `http://127.0.0.1:${port}/probot/setup`,
  });
  expect(manifest.default_events).toEqual(["pull_request", "issues", "issue_comment", "check_run"]);

  // A person confirms on GitHub, which redirects back with the code; the App exchanges it.
  const { redirectUrl } = emulator.submitManifest(manifest, { owner: "ada" });
  const back = await fetch(redirectUrl ?? "", { redirect: "manual" });
  expect(back.status).toBe(302);
  expect(back.headers.get("location")).toBe("https://github.com/apps/stagegate/installations/new");
  const registered = [...emulator.state.apps.values()].find((a) => a.slug === "stagegate");
  expect(registered).toMatchObject({ webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`, events: declared.default_events, permissions: declared.default_permissions });
  expect(emulator.requests.violations()).toEqual([]);
  expect(emulator.requests.nonConformingResponses()).toEqual([]);

  const dotenv = await readFile(join(dir, ".env"), "utf8");
  expect(dotenv).toContain(`APP_ID=${registered?.id}\n`);
  expect(dotenv).toContain(`WEBHOOK_SECRET=${registered?.webhookSecret}\n`);
  expect(dotenv).toMatch(/^PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\\n/m);
  expect((await stat(join(dir, ".env"))).mode & 0o077).toBe(0);
  // A code works once.
  expect((await fetch(redirectUrl ?? "", { redirect: "manual" })).status).toBe(502);

  expect(await app.stop()).toBe(0);

  // The next start, with nothing more in its environment, is the App itself.
  app = await start();
  expect((await fetch(`${app.base}/readyz`)).status).toBe(200);
  emulator.addOrg("acme");
  emulator.addRepo("acme", "web", { files: { ".github/stagegate.yml": SETTINGS } });
  emulator.setRole(REPO, "ada", "admin");
  emulator.installApp({ account: "acme", appId: registered?.id ?? 0 });
  const { value: tracking } = await emulator.as("ada").openIssue(REPO, { title: "Rollout: playlist-editor", body: "<!-- stagegate:rollout playlist-editor -->\n## Rollout\n", labels: ["stagegate"] });
  const { value: comment } = await emulator.as("ada").comment(REPO, tracking.number, "/help");
  await until("the App's answer", () => (comment.reactions.some((r) => r.content === "rocket") ? true : null), () => app?.output() ?? "");
  expect(comment.reactions.map((r) => r.user)).toEqual(["stagegate[bot]", "stagegate[bot]"]);
  expect(existsSync(join(dir, ".env"))).toBe(true);
  expect(await app.stop()).toBe(0);
  app = null;
}, 120_000);

it("refuses to start without credentials in production, saying what to do", () => {
  const run = spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "app/main.ts")], { cwd: tmpdir(), env: { PATH: process.env.PATH, NODE_ENV: "production", ENV_FILE: join(dir, "absent.env") }, encoding: "utf8", timeout: 30_000 });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("stagegate: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are missing. Register the App first (docs/deploy.md)");
});
