// The registration page, in-process: what an administrator sees before the App has credentials,
// the manifest GitHub receives, and the exchange of GitHub's code for the credentials in `.env`.
// registration.test.ts goes through the same as a real process, start to working App.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startFromEnvironment, type StartOutcome } from "../../app/start.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { freePort } from "../free-port.js";
import { logLines } from "./log-lines.js";

let emulator: RunningEmulator;
let dir: string;
let running: Array<StartOutcome & { ok: true }>;
let printed: string[];

beforeEach(async () => {
  // The emulator's own App takes another name: "stagegate" is free to register.
  emulator = await startEmulator({ now: "2026-11-30T14:00:00Z", app: { slug: "primary" }, checkResponses: true });
  dir = await mkdtemp(join(tmpdir(), "stagegate-setup-"));
  running = [];
  printed = [];
});

afterEach(async () => {
  for (const started of running) await started.stop();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const envFile = () => join(dir, ".env");

async function setupPage(extra: NodeJS.ProcessEnv = {}): Promise<{ url: string; env: NodeJS.ProcessEnv }> {
  const env: NodeJS.ProcessEnv = { ENV_FILE: envFile(), HOST: "127.0.0.1", PORT: "0", GITHUB_API_URL: emulator.baseUrl, GITHUB_SERVER_URL: "https://github.example", ...extra };
  const started = await startFromEnvironment({ env, print: (line) => printed.push(line), log: logLines().logger });
  if (!started.ok || started.mode !== "setup") throw new Error("expected the setup page");
  running.push(started);
  return { url: started.url, env };
}

const unescape = (html: string) => html.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

async function form(url: string, headers: Record<string, string> = {}): Promise<{ action: string; manifest: Record<string, unknown>; html: string }> {
  const html = await (await fetch(`${url}/probot`, { headers })).text();
  return {
    html,
    action: unescape(/<form action="([^"]*)"/.exec(html)?.[1] ?? ""),
    manifest: JSON.parse(unescape(/name="manifest" value="([^"]*)"/.exec(html)?.[1] ?? "null")) as Record<string, unknown>,
  };
}

it("registers the App from the manifest and writes its credentials to .env for the next start", async () => {
  const { url, env } = await setupPage({ PUBLIC_URL: "https://stagegate.acme.test/" });
  const page = await form(url);
  expect(page.action).toBe("https://github.example/settings/apps/new");
  expect(page.manifest).toMatchObject({ name: "stagegate", hook_attributes: { url: "https://stagegate.acme.test/api/github/webhooks", active: true }, redirect_url: "https://stagegate.acme.test/probot/setup" });
  expect(page.html).not.toContain("not reachable from GitHub");

  const { code } = emulator.submitManifest(page.manifest, { owner: "ada" });
  const back = await fetch(`${url}/probot/setup?code=${code}`, { redirect: "manual" });
  expect(back.status).toBe(302);
  expect(back.headers.get("location")).toBe("https://github.com/apps/stagegate/installations/new");
  const registered = [...emulator.state.apps.values()].find((a) => a.slug === "stagegate");
  expect(parseEnv(await readFile(envFile(), "utf8"))).toMatchObject({ APP_ID: String(registered?.id), PRIVATE_KEY: registered?.privateKeyPem, WEBHOOK_SECRET: registered?.webhookSecret });
  expect((await stat(envFile())).mode & 0o077).toBe(0);
  expect(printed.at(-1)).toBe(`Registered the App "stagegate" (id ${registered?.id}); its credentials are in ${envFile()}. Restart to run it.`);
  expect(emulator.requests.violations()).toEqual([]);

  // The next start, with the same environment, is the App itself.
  await running.pop()?.stop();
  const next = await startFromEnvironment({ env: { ENV_FILE: env.ENV_FILE, HOST: "127.0.0.1", PORT: "0", GITHUB_API_URL: emulator.baseUrl }, log: logLines().logger, print: () => {} });
  if (!next.ok) throw new Error(next.message);
  running.push(next);
  expect(next.mode).toBe("app");
  expect(await (await fetch(`${next.url}/readyz`)).text()).toBe("ready\n");
});

it("says GitHub refused a code that was already used, and to register again", async () => {
  const { url } = await setupPage();
  const { code } = emulator.submitManifest((await form(url)).manifest, { owner: "ada" });
  expect((await fetch(`${url}/probot/setup?code=${code}`, { redirect: "manual" })).status).toBe(302);
  const again = await fetch(`${url}/probot/setup?code=${code}`, { redirect: "manual" });
  expect(again.status).toBe(502);
  expect(await again.text()).toBe("GitHub did not convert the code (404): it expires after an hour and works once. Register again from /probot.\n");
  expect(printed.at(-1)).toMatch(/^The App could not be registered: /);
  const missing = await fetch(`${url}/probot/setup`, { redirect: "manual" });
  expect([missing.status, await missing.text()]).toEqual([400, "code missing\n"]);
});

it("says when GitHub cannot be reached to convert the code", async () => {
  const api = `http://127.0.0.1:${await freePort()}`;
  const { url } = await setupPage({ GITHUB_API_URL: api });
  const answer = await fetch(`${url}/probot/setup?code=abc`, { redirect: "manual" });
  expect(answer.status).toBe(502);
  expect(await answer.text()).toMatch(new RegExp(`^GitHub could not be reached at ${api} \\(.+\\): check GITHUB_API_URL \\(or GHE_HOST\\), restart, and register again from /probot\\.\n$`));
});

it("warns when GitHub could not reach the webhook URL, and registers under GH_ORG", async () => {
  const { url } = await setupPage({ GH_ORG: "acme" });
  const page = await form(url);
  expect(page.action).toBe("https://github.example/organizations/acme/settings/apps/new");
  expect(page.manifest).toMatchObject({ hook_attributes: { url: `${url}/api/github/webhooks` } });
  expect(page.html).toContain("That address is not reachable from GitHub: set <code>PUBLIC_URL</code>");
});

it("takes the address a reverse proxy forwards, or the development proxy channel", async () => {
  const behind = await setupPage();
  const forwarded = await form(behind.url, { "x-forwarded-proto": "https", "x-forwarded-host": "stagegate.acme.test, inner.test" });
  expect(forwarded.manifest).toMatchObject({ hook_attributes: { url: "https://stagegate.acme.test/api/github/webhooks" }, redirect_url: "https://stagegate.acme.test/probot/setup" });
  expect(forwarded.html).not.toContain("not reachable from GitHub");

  const proxied = await setupPage({ WEBHOOK_PROXY_URL: "https://smee.io/abc", WEBHOOK_PATH: "/hooks" });
  expect((await form(proxied.url)).manifest).toMatchObject({ hook_attributes: { url: "https://smee.io/abc" }, redirect_url: `${proxied.url}/probot/setup` });
});

it("is alive but not ready, sends / to the page, and answers nothing else", async () => {
  const { url } = await setupPage();
  const answer = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${url}${path}`, { redirect: "manual", ...init });
    return [response.status, response.headers.get("location") ?? (await response.text())];
  };
  expect(await answer("/healthz")).toEqual([200, "ok\n"]);
  expect(await answer("/readyz")).toEqual([503, "not ready: the App is not registered yet (open /probot)\n"]);
  expect(await answer("/")).toEqual([302, "/probot"]);
  expect(await answer("/api/github/webhooks", { method: "POST", body: "{}" })).toEqual([405, "method not allowed\n"]);
  expect(await answer("/settings")).toEqual([404, "not found\n"]);
});
