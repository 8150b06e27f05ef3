// `npm run app`'s start, in-process: configured by the environment and `.env` as an administrator
// configures it, with what a host watches (health, readiness, metrics, a log line per delivery),
// a graceful stop, and a sentence for each start an administrator can fix. The App as a real
// process is main-process.test.ts and registration.test.ts.
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runApp, startFromEnvironment, type AppProcess, type StartOutcome } from "../../app/start.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { REPO, SETTINGS } from "./harness.js";
import { logLines, type LogLines } from "./log-lines.js";

let emulator: RunningEmulator;
let dir: string;
let started: StartOutcome | null;
let log: LogLines;

beforeEach(async () => {
  emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  dir = await mkdtemp(join(tmpdir(), "stagegate-start-"));
  started = null;
  log = logLines();
});

afterEach(async () => {
  if (started?.ok) await started.stop();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

/** The environment of a host with the App's credentials; PORT 0 takes a free port. */
function hostEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ENV_FILE: join(dir, "absent.env"), APP_ID: String(emulator.app.id), PRIVATE_KEY: emulator.app.privateKey, WEBHOOK_SECRET: emulator.app.webhookSecret, GITHUB_API_URL: emulator.baseUrl, HOST: "127.0.0.1", PORT: "0", ...extra };
}

const silent = () => {};

async function start(env: NodeJS.ProcessEnv, print: (line: string) => void = silent): Promise<StartOutcome & { ok: true }> {
  started = await startFromEnvironment({ env, log: log.logger, print });
  if (!started.ok) throw new Error(`refused: ${started.message}`);
  return started;
}

async function refusal(env: NodeJS.ProcessEnv): Promise<string> {
  const outcome = await startFromEnvironment({ env, log: log.logger, print: silent });
  if (outcome.ok) {
    await outcome.stop();
    throw new Error("started");
  }
  return outcome.message;
}

describe("a start with credentials", () => {
  it("reads .env under the variables already set, and serves health, readiness and metrics", async () => {
    const envFile = join(dir, ".env");
    // The host's own WEBHOOK_SECRET wins over the file's stale one.
    await writeFile(envFile, `APP_ID=${emulator.app.id}\nPRIVATE_KEY="${emulator.app.privateKey.replace(/\n/g, "\\n")}"\nWEBHOOK_SECRET=stale\n`);
    const env: NodeJS.ProcessEnv = { ENV_FILE: envFile, WEBHOOK_SECRET: emulator.app.webhookSecret, GITHUB_API_URL: emulator.baseUrl, HOST: "127.0.0.1", PORT: "0" };
    const app = await start(env);
    expect(app.mode).toBe("app");
    expect(env).toMatchObject({ APP_ID: String(emulator.app.id), WEBHOOK_SECRET: emulator.app.webhookSecret, LOG_FORMAT: "json", LOG_LEVEL: "info" });
    expect(await log.next("stagegate listening")).toMatchObject({ url: app.url, webhooks: `${app.url}/api/github/webhooks`, queue: "memory" });

    expect(await (await fetch(`${app.url}/healthz`)).text()).toBe("ok\n");
    expect(await (await fetch(`${app.url}/readyz`)).text()).toBe("ready\n");

    // A delivery signed with the host's secret is taken, and logged once worked.
    emulator.addOrg("acme");
    emulator.addRepo("acme", "web", { files: { ".github/stagegate.yml": SETTINGS } });
    emulator.setRole(REPO, "ada", "admin");
    emulator.installApp({ account: "acme" });
    emulator.setWebhookUrl(`${app.url}/api/github/webhooks`);
    const { deliveries } = await emulator.as("ada").openIssue(REPO, { title: "Rollout: playlist-editor", body: "plans\n" });
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    expect(await log.next("delivery handled", (line) => line.delivery === deliveries[0]?.id)).toMatchObject({ event: "issues.opened", rollout: "playlist-editor", outcome: "ok", level: 30 });

    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/^stagegate_webhook_deliveries_total\{event="issues",outcome="ok"\} 1$/m);
    // Readiness authenticated as the App: its call is counted by route, with the rate limit left.
    expect(metrics).toMatch(/^stagegate_github_api_calls_total\{route="GET \/app",status="200"\} 1$/m);
    expect(metrics).toMatch(/^stagegate_github_rate_limit_remaining\{resource="core"\} \d+$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it("is not ready with a key GitHub does not accept, and counts the refused call", async () => {
    const other = await startEmulator({ now: "2026-11-30T14:00:00Z" });
    const app = await start(hostEnv({ PRIVATE_KEY: other.app.privateKey }));
    await other.close();
    const answer = await fetch(`${app.url}/readyz`);
    expect(answer.status).toBe(503);
    expect(await answer.text()).toMatch(/^not ready: cannot authenticate as the App \(GitHub answered 401\): /);
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(/^stagegate_github_api_calls_total\{route="GET \/app",status="401"\} 1$/m);
  });

  it("stops: says how many deliveries are in flight, then no longer listens", async () => {
    const app = await start(hostEnv());
    await app.stop();
    started = null;
    expect(await log.next("stopping: finishing the queue's deliveries in flight")).toMatchObject({ inFlight: 0 });
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });

  it("reads the key from PRIVATE_KEY_PATH", async () => {
    const keyFile = join(dir, "stagegate.pem");
    await writeFile(keyFile, emulator.app.privateKey);
    const app = await start(hostEnv({ PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: keyFile }));
    expect(await (await fetch(`${app.url}/readyz`)).text()).toBe("ready\n");
  });
});

describe("a start an administrator must fix", () => {
  it("refuses a key that cannot be read, naming the variable", async () => {
    expect(await refusal(hostEnv({ PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: join(dir, "missing.pem") }))).toBe(
      `the App's private key cannot be read: Private key does not exists at path: "${join(dir, "missing.pem")}". Please check to ensure that "env.PRIVATE_KEY_PATH" is correct.`,
    );
    expect(await refusal(hostEnv({ PRIVATE_KEY: "not a key" }))).toMatch(/^the App's private key cannot be read: The contents of "env.PRIVATE_KEY" could not be validated\./);
  });

  it("refuses a PORT that is not a port", async () => {
    expect(await refusal(hostEnv({ PORT: "http" }))).toBe("PORT=http is not a port number: set it to one from 1 to 65535, or 0 for any free port (unset, it is 3000).");
    expect(await refusal(hostEnv({ PORT: "70000" }))).toMatch(/^PORT=70000 is not a port number/);
  });

  it("refuses to start without credentials in production", async () => {
    expect(await refusal({ ENV_FILE: join(dir, "absent.env"), NODE_ENV: "production", PORT: "0" })).toBe(
      "APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are missing. Register the App first (docs/deploy.md), then give the server its credentials.",
    );
  });

  it("says which address is taken when the port is in use, and which cannot be had", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startFromEnvironment({ env: hostEnv({ PORT: String(port) }), log: log.logger, print: silent })).rejects.toThrow(`127.0.0.1:${port} is already in use by another process: stop it, or set PORT (and HOST) to a free address`);
      // Without credentials the setup page cannot have it either.
      await expect(startFromEnvironment({ env: { ENV_FILE: join(dir, "absent.env"), HOST: "127.0.0.1", PORT: String(port) }, print: silent })).rejects.toThrow(`127.0.0.1:${port} is already in use`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    // 192.0.2.1 is a documentation address: no machine has it.
    await expect(startFromEnvironment({ env: hostEnv({ HOST: "192.0.2.1" }), log: log.logger, print: silent })).rejects.toThrow(/^cannot listen on 192\.0\.2\.1:0 \(listen EADDRNOTAVAIL.*\): check HOST and PORT$/);
  });
});

it("serves the registration page without credentials, and says where to open it", async () => {
  const printed: string[] = [];
  const setup = await start({ ENV_FILE: join(dir, "absent.env"), HOST: "127.0.0.1", PORT: "0", GITHUB_API_URL: emulator.baseUrl }, (line) => printed.push(line));
  expect(setup.mode).toBe("setup");
  expect(printed).toEqual([`stagegate is not registered yet: open ${setup.url}/probot to register it on GitHub.`]);
  expect((await fetch(`${setup.url}/readyz`)).status).toBe(503);
});

describe("npm run app", () => {
  function host(env: NodeJS.ProcessEnv) {
    const signals = new EventEmitter();
    const errors: string[] = [];
    const exits: number[] = [];
    let exited!: (code: number) => void;
    const exit = new Promise<number>((resolve) => (exited = resolve));
    return {
      signals,
      errors,
      exits,
      exit,
      run: () =>
        runApp({
          env,
          log: log.logger,
          print: silent,
          signals: signals as unknown as AppProcess["signals"],
          error: (line) => errors.push(line),
          exit: (code) => {
            exits.push(code);
            exited(code);
          },
        }),
    };
  }

  it("exits 1 with the reason a start was refused", async () => {
    const refused = host({ ENV_FILE: join(dir, "absent.env"), NODE_ENV: "production" });
    await refused.run();
    expect(refused.exits).toEqual([1]);
    expect(refused.errors).toEqual(["stagegate: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are missing. Register the App first (docs/deploy.md), then give the server its credentials."]);
  });

  it("exits 1 when the address cannot be had, with the stack only at LOG_LEVEL=debug", async () => {
    const quiet = host(hostEnv({ HOST: "192.0.2.1" }));
    await quiet.run();
    expect(quiet.exits).toEqual([1]);
    expect(quiet.errors).toEqual([expect.stringMatching(/^stagegate: cannot listen on 192\.0\.2\.1:0 /)]);

    const debug = host(hostEnv({ HOST: "192.0.2.1", LOG_LEVEL: "debug" }));
    await debug.run();
    expect(debug.errors).toEqual([expect.stringMatching(/^Error: cannot listen on 192\.0\.2\.1:0 .*\n\s+at /s), expect.stringMatching(/^stagegate: cannot listen/)]);
  });

  it("stops on the first SIGTERM or SIGINT and exits 0, once", async () => {
    const app = host(hostEnv());
    await app.run();
    const { url } = (await log.next("stagegate listening")) as { url: string };
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    app.signals.emit("SIGTERM");
    app.signals.emit("SIGINT");
    expect(await app.exit).toBe(0);
    expect(app.exits).toEqual([0]);
    expect(log.lines().filter((line) => line.msg === "stopping: finishing the queue's deliveries in flight")).toHaveLength(1);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
