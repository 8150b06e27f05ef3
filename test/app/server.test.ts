// The App's HTTP server around the webhook route: readiness, metrics, and a close that stops
// accepting connections but lets the queue's deliveries in flight finish. Deliveries are held open with
// gates, never with sleeps.
import { sign } from "@octokit/webhooks-methods";
import type { Probot } from "probot";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../../app/server.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { emulatedProbot } from "../../sandbox/github-emulator/probot.js";

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

async function deliver(target: AppServer, id: string): Promise<Response> {
  const body = JSON.stringify({ action: "opened", issue: { number: 1, title: "Rollout: editor" }, repository: { name: "web", owner: { login: "acme" } }, sender: { login: "ada" } });
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

it("is ready when it can authenticate as the App, and not otherwise", async () => {
  server = await startAppServer({ probot: emulatedProbot(emulator), app: () => {} });
  expect(await (await fetch(`${server.url}/readyz`)).text()).toBe("ready\n");
  await server.close();

  server = await startAppServer({ probot: emulatedProbot(emulator), app: () => {}, ready: () => Promise.reject(Object.assign(new Error("Bad credentials"), { status: 401 })) });
  const answer = await fetch(`${server.url}/readyz`);
  expect(answer.status).toBe(503);
  expect(await answer.text()).toBe("not ready: cannot authenticate as the App (GitHub answered 401): Bad credentials\n");
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
