// The App's HTTP server around the webhook route: readiness, metrics, and a close that stops
// accepting connections but lets the queue's deliveries in flight finish. Deliveries are held open with
// gates, never with sleeps.
import { sign } from "@octokit/webhooks-methods";
import { connect } from "node:net";
import { Probot } from "probot";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../../app/server.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { emulatedProbot } from "../../sandbox/github-emulator/probot.js";
import { freePort } from "../free-port.js";
import { logLines } from "./log-lines.js";

let emulator: RunningEmulator;
let server: AppServer | null;

beforeEach(async () => {
  emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  server = null;
});

afterEach(async () => {
  await server?.close({ graceMs: 0 });
  await emulator.close();
});

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** An App whose `issues.opened` handler says when it starts and waits for `release`. */
function heldApp(entered: () => void, release: Promise<void>) {
  return (app: Probot) => {
    app.on("issues.opened", async () => {
      entered();
      await release;
    });
  };
}

/** An `issues.opened` payload as every delivery of these tests carries it. */
const OPENED_BODY = JSON.stringify({ action: "opened", issue: { number: 1, title: "Rollout: editor" }, repository: { name: "web", owner: { login: "acme" } }, sender: { login: "ada" } });

async function deliver(target: AppServer, id: string): Promise<Response> {
  const body = OPENED_BODY;
  return fetch(target.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": id, "x-hub-signature-256": await sign(emulator.app.webhookSecret, body) },
    body,
  });
}

it("finishes a delivery in flight when closed, and accepts no new connection meanwhile", async () => {
  const entered = gate();
  const release = gate();
  server = await startAppServer({ probot: emulatedProbot(emulator), app: heldApp(entered.open, release.opened) });
  const answer = deliver(server, "held-1");
  await entered.opened;
  expect(server.inFlight).toBe(1);

  let closed = false;
  const closing = server.close().then(() => (closed = true));
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  expect(closed).toBe(false);

  // The delivery was acknowledged at once; its work is what the close waits for.
  expect((await answer).status).toBe(200);
  release.open();
  await closing;
  expect(server.inFlight).toBe(0);
  server = null;
});

it("gives up on a delivery whose work outlasts the grace period", async () => {
  const entered = gate();
  server = await startAppServer({ probot: emulatedProbot(emulator), app: heldApp(entered.open, new Promise<void>(() => {})) });
  expect((await deliver(server, "stuck-1")).status).toBe(200);
  await entered.opened;
  await server.close({ graceMs: 10 });
  expect(server.inFlight).toBe(1);
  server = null;
});

it("is ready when it can authenticate as the App, trusts that for a while, and is not ready when GitHub cannot be reached", async () => {
  server = await startAppServer({ probot: emulatedProbot(emulator), app: () => {} });
  expect(await (await fetch(`${server.url}/readyz`)).text()).toBe("ready\n");
  // Probes come every few seconds: the next ones are answered without asking GitHub again.
  const lookups = () => emulator.requests.all({ method: "GET" }).filter((r) => r.url.endsWith("/app")).length;
  const looked = lookups();
  expect(await (await fetch(`${server.url}/readyz?probe=2`)).text()).toBe("ready\n");
  expect(lookups()).toBe(looked);
  await server.close();

  server = await startAppServer({ probot: emulatedProbot(emulator, `http://127.0.0.1:${await freePort()}`), app: () => {} });
  const answer = await fetch(`${server.url}/readyz`);
  expect(answer.status).toBe(503);
  // No status of GitHub's: it never answered.
  expect(await answer.text()).toMatch(/^not ready: cannot authenticate as the App: (?!.*GitHub answered)/);
});

it("serves its routes with or without a trailing slash or query, the webhook path it was given, and 404 elsewhere", async () => {
  server = await startAppServer({ probot: emulatedProbot(emulator), app: () => {}, webhooksPath: "/hooks/" });
  const status = async (path: string, init: RequestInit = {}) => (await fetch(`${server?.url}${path}`, init)).status;
  expect([await status("/healthz/"), await status("/healthz?from=lb"), await status("/metrics/")]).toEqual([200, 200, 200]);
  expect([await status("/"), await status("/api/github/webhooks", { method: "POST", body: "{}" }), await status("/hooks"), await status("/healthz", { method: "POST" })]).toEqual([404, 404, 404, 404]);
  expect(server.webhookUrl).toBe(`${server.url}/hooks/`);
  expect((await deliver(server, "custom-path-1")).status).toBe(200);
});

it("logs a delivery whose connection broke before its body arrived, and keeps serving", async () => {
  const log = logLines();
  const probot = new Probot({ appId: emulator.app.id, privateKey: emulator.app.privateKey, secret: emulator.app.webhookSecret, baseUrl: emulator.baseUrl, log: log.logger });
  server = await startAppServer({ probot, app: () => {} });
  const { port } = new URL(server.url);
  const socket = connect(Number(port), "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write("POST /api/github/webhooks HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-github-event: issues\r\nx-github-delivery: cut-1\r\nx-hub-signature-256: sha256=00\r\ncontent-length: 1000\r\n\r\n{\"action\"");
  const failed = log.next("webhook endpoint failed");
  socket.destroy();
  expect(await failed).toMatchObject({ level: 50, reason: "aborted" });
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
});

it("keeps each server's metrics apart", async () => {
  const first = await startAppServer({ probot: emulatedProbot(emulator), app: () => {} });
  server = await startAppServer({ probot: emulatedProbot(emulator), app: () => {} });
  expect((await deliver(first, "counted-1")).status).toBe(200);
  await first.idle();
  expect(await (await fetch(`${first.url}/metrics`)).text()).toMatch(/^stagegate_webhook_deliveries_total\{event="issues",outcome="ok"\} 1$/m);
  expect(await (await fetch(`${server.url}/metrics`)).text()).not.toMatch(/^stagegate_webhook_deliveries_total\{/m);
  await first.close();
});

it("works a delivery only once no other delivery is being received, so a burst is answered before its work starts", async () => {
  const worked: string[] = [];
  const app = (probot: Probot) => {
    probot.on("issues.opened", (context) => {
      worked.push(context.id);
    });
  };
  // No time bound: only the held delivery's end lets the work start.
  server = await startAppServer({ probot: emulatedProbot(emulator), app, acknowledgementsFirst: { settleMs: 0, maxWaitMs: 3_600_000 } });
  const { port } = new URL(server.url);
  const body = OPENED_BODY;
  const head = `POST /api/github/webhooks HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\nx-github-event: issues\r\nx-github-delivery: held-body\r\nx-hub-signature-256: ${await sign(emulator.app.webhookSecret, body)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  const socket = connect(Number(port), "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  const answered = new Promise<string>((resolve) => socket.once("data", (chunk: Buffer) => resolve(chunk.toString().split("\r\n")[0] as string)));
  socket.write(`${head}${body.slice(0, 10)}`);
  // Answered after the server has read the held request's head, which reached it first.
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  expect((await deliver(server, "quick")).status).toBe(200);
  // Without the hold, the quick delivery's work would have started on the event loop's turn after
  // its answer, long before the server answers the next request.
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  expect(worked).toEqual([]);

  socket.end(body.slice(10));
  expect(await answered).toBe("HTTP/1.1 200 OK");
  await server.idle();
  expect(worked.sort()).toEqual(["held-body", "quick"]);
});
