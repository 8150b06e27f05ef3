// The webhook endpoint verifies with Probot's verifier, then acknowledges: deliveries the App has
// nothing to do with are answered without being queued, forged or malformed ones are refused,
// and everything else is queued and worked afterwards.
import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ignoresDelivery } from "../../app/delivery-filter.js";
import { startAppServer, type AppServer } from "../../app/server.js";
import { deliveryHeaders } from "../../sandbox/github-emulator/webhooks.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { startRedis, type RunningRedis } from "../redis-server.js";
import { logLines, type LogLines } from "./log-lines.js";
import type { Delivery } from "../../sandbox/github-emulator/index.js";
import { REPO, startAppWorld, startRollout, stateOnMain, trackingIssue, type AppWorld } from "./harness.js";

const MARKER = "<!-- stagegate:rollout playlist-editor -->";

describe("which deliveries the App ignores", () => {
  const edit = (body: string, sender = "User") => ({ action: "edited", changes: { body: { from: "" } }, issue: { body }, sender: { type: sender } });
  const comment = (body: string, extra: object = {}) => ({ action: "created", comment: { user: { type: "User" } }, issue: { body, ...extra }, sender: { type: "User" } });

  it("ignores edits and comments of ordinary issues, the App's own edits, and comments on pull requests", () => {
    expect(ignoresDelivery("issues", edit("- [x] a bug's checklist"))).toBe(true);
    expect(ignoresDelivery("issues", edit(`${MARKER}\n- [x] item`, "Bot"))).toBe(true);
    expect(ignoresDelivery("issues", { ...edit(MARKER), changes: { title: { from: "old" } } })).toBe(true);
    expect(ignoresDelivery("issue_comment", comment("an ordinary issue"))).toBe(true);
    expect(ignoresDelivery("issue_comment", comment(MARKER, { pull_request: { url: "…" } }))).toBe(true);
    // An issue whose body was never written is no tracking issue.
    expect(ignoresDelivery("issue_comment", { ...comment(""), issue: { body: null } })).toBe(true);
  });

  it("leaves ticks and commands on tracking issues, and every other event, to the handlers", () => {
    expect(ignoresDelivery("issues", edit(`${MARKER}\n- [x] item`))).toBe(false);
    expect(ignoresDelivery("issue_comment", comment(MARKER))).toBe(false);
    expect(ignoresDelivery("pull_request", { action: "opened" })).toBe(false);
  });
});

describe("the App's server", () => {
  let w: AppWorld;
  beforeAll(async () => {
    w = await startAppWorld();
    await startRollout(w);
  });
  afterAll(() => w.close());

  async function post(delivery: Delivery, headers: Record<string, string> = {}): Promise<number> {
    const response = await fetch(w.server?.webhookUrl ?? "", { method: "POST", headers: { ...deliveryHeaders(delivery), "x-github-delivery": randomUUID(), ...headers }, body: delivery.body });
    await response.arrayBuffer();
    return response.status;
  }

  it("answers an edit of an ordinary issue at once, and still refuses the same delivery with a forged signature", async () => {
    const { value: issue } = await w.emulator.as("pam").openIssue(REPO, { title: "Save button misaligned", body: "- [ ] open the editor\n" });
    await w.emulator.as("pam").editIssueBody(REPO, issue.number, "- [x] open the editor\n");
    const delivery = w.emulator.webhooks.deliveries({ event: "issues", action: "edited" }).at(-1) as Delivery;
    w.emulator.requests.reset();
    expect(await post(delivery)).toBe(200);
    expect(await post(delivery, { "x-hub-signature-256": `sha256=${"0".repeat(64)}` })).toBe(400);
    expect(await post(delivery, { "content-type": "text/plain" })).toBe(415);
    expect(w.emulator.requests.count()).toBe(0);
  });

  it("refuses a signed delivery whose payload is not an event GitHub sends, with 400", async () => {
    const signed = async (event: string, body: string) => {
      const response = await fetch(w.server?.webhookUrl ?? "", {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": randomUUID(), "x-hub-signature-256": await sign(w.emulator.app.webhookSecret, body) },
        body,
      });
      return { status: response.status, text: await response.text() };
    };
    expect(await signed("issue_comment", JSON.stringify({ action: "created" }))).toEqual({ status: 400, text: "the issue_comment event has no comment, issue, repository, sender\n" });
    expect((await signed("no_such_event", "{}")).status).toBe(400);
    expect((await signed("issues", "[1, 2]")).status).toBe(400);
    expect((await signed("issues", "{not json")).status).toBe(400);
    const delivery = w.emulator.webhooks.deliveries({ event: "issues" }).at(-1) as Delivery;
    for (const payload of [{ action: "created", comment: { body: "/promote" }, issue: "1", repository: {}, sender: { login: "pam" } }, { action: 1, comment: {}, issue: {}, repository: { owner: {} }, sender: {} }]) {
      expect((await signed("issue_comment", JSON.stringify(payload))).status).toBe(400);
    }
    // A real issues payload is not an issue_comment, whatever the header says.
    expect(await signed("issue_comment", delivery.body)).toEqual({ status: 400, text: "the issue_comment event has no comment\n" });
    expect(await w.server?.queue.failed()).toEqual([]);
  });

  it("refuses a delivery without GitHub's headers, naming the ones missing", async () => {
    const delivery = w.emulator.webhooks.deliveries({ event: "issues" }).at(-1) as Delivery;
    const without = async (...names: string[]) => {
      const headers = Object.fromEntries(Object.entries(deliveryHeaders(delivery)).filter(([name]) => !names.includes(name.toLowerCase())));
      const response = await fetch(w.server?.webhookUrl ?? "", { method: "POST", headers, body: delivery.body });
      return [response.status, await response.text()];
    };
    expect(await without("x-github-event", "x-github-delivery")).toEqual([400, "Required headers missing: x-github-event, x-github-delivery\n"]);
    expect(await without("content-type")).toEqual([415, 'Unsupported "Content-Type" header value. Must be "application/json"\n']);
    // Bytes, so that nothing adds a content type.
    const headers = Object.fromEntries(Object.entries(deliveryHeaders(delivery)).filter(([name]) => name.toLowerCase() !== "content-type"));
    expect((await fetch(w.server?.webhookUrl ?? "", { method: "POST", headers, body: new TextEncoder().encode(delivery.body) })).status).toBe(415);
  });

  it("still verifies and records a tick on the tracking issue", async () => {
    const before = stateOnMain(w).approvals.length;
    const { deliveries } = await w.emulator.as("quinn").tick(REPO, trackingIssue(w).number, "exit/internal/no-critical-bugs");
    await w.emulator.idle();
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    expect(stateOnMain(w).approvals).toHaveLength(before + 1);
  });
});

describe("the App's server on a shared queue", () => {
  let redis: RunningRedis;
  let emulator: RunningEmulator;
  let server: AppServer;
  let log: LogLines;
  beforeAll(async () => {
    redis = await startRedis();
    emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
    log = logLines();
    const probot = new Probot({ appId: emulator.app.id, privateKey: emulator.app.privateKey, secret: emulator.app.webhookSecret, baseUrl: emulator.baseUrl, log: log.logger });
    server = await startAppServer({ probot, app: () => {}, env: { REDIS_URL: redis.url, STAGEGATE_QUEUE_PREFIX: `ack-${randomUUID()}` } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await emulator?.close();
    await redis?.close();
  });

  it("answers 503 while Redis is away, so that GitHub records the delivery as failed and it can be redelivered", async () => {
    const body = JSON.stringify({ action: "opened", issue: { number: 1, title: "Rollout: editor" }, repository: { name: "web", owner: { login: "acme" } }, sender: { login: "ada" } });
    const post = async (id: string) => {
      const response = await fetch(server.webhookUrl, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": id, "x-hub-signature-256": await sign(emulator.app.webhookSecret, body) }, body });
      return { status: response.status, text: await response.text() };
    };
    expect((await post("before-1")).status).toBe(200);
    await redis.stop();
    expect(await post("away-1")).toEqual({ status: 503, text: "the App's queue is unavailable; redeliver this delivery once it is back\n" });
    expect(await log.next("delivery refused: the queue could not record it")).toMatchObject({ level: 50, delivery: "away-1", event: "issues" });
    // Back for the close (replicas.test.ts follows the redelivery once Redis is back).
    await redis.start();
  });
});
