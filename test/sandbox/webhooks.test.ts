// Webhooks as GitHub sends them: signed, with the acting person (or the App's bot) as sender,
// payloads that match GitHub's webhook schemas, and switches for duplicate, late, out-of-order
// and lost deliveries.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verify } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadWebhookSchemas } from "../../sandbox/github-emulator/webhook-schemas.js";
import { createWorld, REPO, type World } from "./world.js";

interface Received {
  headers: Record<string, string>;
  body: string;
  payload: Record<string, unknown> & { action?: string };
}

let world: World;
let receiver: Server;
let received: Received[] = [];
let answer = 200;

const BODY = ["## Sign-off", "", "- [ ] Security review completed <!-- stagegate:item security -->", "- [ ] QA sign-off <!-- stagegate:item qa -->", ""].join("\n");

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers as Record<string, string>, body, payload: JSON.parse(body) as Received["payload"] });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  world = await createWorld({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`, checkWebhooks: true });
});

beforeEach(() => {
  received = [];
  answer = 200;
  world.emulator.webhooks.reset();
});

afterAll(async () => {
  await world.emulator.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function trackingIssue(): Promise<number> {
  const { data } = await world.app.rest.issues.create({ owner: "acme", repo: "web", title: "Rollout: playlist-editor", body: BODY });
  await world.emulator.idle();
  received = [];
  return data.number;
}

describe("a person's actions", () => {
  it("a tick edits the body like a click and sends issues.edited with the previous body and the person as sender", async () => {
    const number = await trackingIssue();
    const { deliveries } = await world.emulator.as("quinn").tick(REPO, number, "security");
    expect(deliveries.map((d) => [d.event, d.action, d.status])).toEqual([["issues", "edited", 200]]);
    const [hook] = received;
    expect(hook?.headers["x-github-event"]).toBe("issues");
    expect(hook?.payload.action).toBe("edited");
    expect(hook?.payload).toMatchObject({ changes: { body: { from: BODY } }, sender: { login: "quinn", type: "User" }, installation: { id: world.installationId } });
    const body = (hook?.payload.issue as { body: string }).body;
    expect(body).toContain("- [x] Security review completed <!-- stagegate:item security -->");
    expect(body).toContain("- [ ] QA sign-off");
    await world.emulator.as("quinn").untick(REPO, number, "security");
    expect((world.emulator.repo(REPO).issues.get(number)?.body ?? "")).toBe(BODY);
  });

  it("signs every delivery with the app's secret and a fresh delivery id", async () => {
    const number = await trackingIssue();
    await world.emulator.as("quinn").comment(REPO, number, "/promote");
    await world.emulator.as("tara").comment(REPO, number, "/status");
    expect(received).toHaveLength(2);
    for (const hook of received) {
      expect(await verify(world.emulator.app.webhookSecret, hook.body, hook.headers["x-hub-signature-256"] as string)).toBe(true);
      expect(await verify("another secret", hook.body, hook.headers["x-hub-signature-256"] as string)).toBe(false);
      expect(hook.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(received[0]?.headers["x-github-delivery"]).not.toBe(received[1]?.headers["x-github-delivery"]);
    expect(received.map((r) => [r.payload.action, (r.payload.comment as { body: string }).body, (r.payload.sender as { login: string }).login])).toEqual([
      ["created", "/promote", "quinn"],
      ["created", "/status", "tara"],
    ]);
  });

  it("opening, pushing to and merging a pull request sends push and pull_request events", async () => {
    const quinn = world.emulator.as("quinn");
    const { value: pull } = await quinn.openPullRequest(REPO, { head: "plan/webhooks", title: "Plan", files: { ".github/rollouts/w.yml": "description: W\n" } });
    await quinn.push(REPO, "plan/webhooks", { ".github/rollouts/w.yml": "description: W2\n" }, "Tweak plan");
    const mainBefore = world.emulator.repo(REPO).branches.get("main");
    const { value: merge } = await quinn.merge(REPO, pull.number);
    expect(received.map((r) => `${r.headers["x-github-event"]}${r.payload.action ? `.${r.payload.action}` : ""}`)).toEqual(["push", "pull_request.opened", "push", "pull_request.synchronize", "pull_request.closed", "push"]);
    const closed = received[4]?.payload as { pull_request: { merged: boolean; merge_commit_sha: string } };
    expect(closed.pull_request).toMatchObject({ merged: true, merge_commit_sha: merge.sha });
    const pushToMain = received[5]?.payload as { ref: string; before: string; after: string; head_commit: { id: string; modified: string[]; added: string[] } };
    expect(pushToMain).toMatchObject({ ref: "refs/heads/main", before: mainBefore, after: merge.sha, head_commit: { id: merge.sha, added: [".github/rollouts/w.yml"] } });
  });

  it("every payload sent matches GitHub's webhook schema for its event", async () => {
    const number = await trackingIssue();
    const quinn = world.emulator.as("quinn");
    await quinn.tick(REPO, number, "qa");
    await quinn.comment(REPO, number, "/promote");
    const { value: pull } = await quinn.openPullRequest(REPO, { head: "plan/schema", title: "Plan", files: { "a.yml": "a: 1\n" } });
    await quinn.push(REPO, "plan/schema", { "a.yml": null, "b.yml": "b: 1\n" }, "Rename");
    await quinn.merge(REPO, pull.number);
    await world.app.rest.issues.update({ owner: "acme", repo: "web", issue_number: number, body: "re-rendered", state: "closed", labels: ["stagegate"] });
    await world.app.rest.issues.update({ owner: "acme", repo: "web", issue_number: number, state: "open" });
    await world.emulator.idle();
    const events = new Set(world.emulator.webhooks.deliveries().map((d) => `${d.event}.${d.action}`));
    expect(events).toEqual(new Set(["issues.opened", "issues.edited", "issue_comment.created", "push.null", "pull_request.opened", "pull_request.synchronize", "pull_request.closed", "issues.closed", "issues.labeled", "issues.reopened"]));
    expect(world.emulator.webhooks.nonConforming().map((d) => [d.event, d.action, d.schemaProblems])).toEqual([]);
    // The same check, independently, on what the receiver actually got.
    const schemas = await loadWebhookSchemas();
    for (const hook of received) expect(schemas.validate(hook.headers["x-github-event"] as string, hook.payload, hook.headers)).toEqual([]);
    const first = received[0] as Received;
    const { issue: _dropped, ...withoutIssue } = first.payload;
    expect(schemas.validate("issues", withoutIssue, first.headers)).toContain("requestBody must have required property 'issue'");
  });
});

describe("ticking like a browser", () => {
  it("ticks any task list marker, nested or quoted, and only the marked line", async () => {
    const body = ["* [ ] star <!-- stagegate:item star -->", "1. [ ] ordered <!-- stagegate:item ordered -->", "  - [ ] nested <!-- stagegate:item nested -->", "> - [ ] quoted <!-- stagegate:item quoted -->", "- [ ] untouched"].join("\n");
    const { data } = await world.app.rest.issues.create({ owner: "acme", repo: "web", title: "markers", body });
    const quinn = world.emulator.as("quinn");
    for (const key of ["star", "ordered", "nested", "quoted"]) await quinn.tick(REPO, data.number, key);
    expect(world.emulator.repo(REPO).issues.get(data.number)?.body).toBe(["* [x] star <!-- stagegate:item star -->", "1. [x] ordered <!-- stagegate:item ordered -->", "  - [x] nested <!-- stagegate:item nested -->", "> - [x] quoted <!-- stagegate:item quoted -->", "- [ ] untouched"].join("\n"));
  });

  it("refuses to tick a ticked box, a missing key, or a line that is not a task", async () => {
    const { data } = await world.app.rest.issues.create({ owner: "acme", repo: "web", title: "refusals", body: "- [x] done <!-- stagegate:item done -->\nplain <!-- stagegate:item plain -->" });
    const quinn = world.emulator.as("quinn");
    await expect(quinn.tick(REPO, data.number, "done")).rejects.toThrow(/already ticked/);
    await expect(quinn.tick(REPO, data.number, "absent")).rejects.toThrow(/no task item/);
    await expect(quinn.tick(REPO, data.number, "plain")).rejects.toThrow(/not a task list item/);
  });
});

describe("the App's own writes", () => {
  it("emit events too, with the App's bot as sender, delivered after the API call answers", async () => {
    const number = await trackingIssue();
    await world.app.rest.issues.update({ owner: "acme", repo: "web", issue_number: number, body: BODY.replace("QA sign-off", "QA sign-off ✅") });
    await world.app.rest.issues.createComment({ owner: "acme", repo: "web", issue_number: number, body: "Promoted" });
    await world.emulator.idle();
    expect(received.map((r) => [r.headers["x-github-event"], r.payload.action, r.payload.sender])).toEqual([
      ["issues", "edited", expect.objectContaining({ login: "stagegate[bot]", type: "Bot" })],
      ["issue_comment", "created", expect.objectContaining({ login: "stagegate[bot]", type: "Bot" })],
    ]);
  });

  it("editing its own comment sends issue_comment.edited with the previous text", async () => {
    const number = await trackingIssue();
    const comment = await world.app.rest.issues.createComment({ owner: "acme", repo: "web", issue_number: number, body: "Promoting…" });
    await world.app.rest.issues.updateComment({ owner: "acme", repo: "web", comment_id: comment.data.id, body: "Promoted to 10%" });
    await world.emulator.idle();
    expect(received.map((r) => [r.payload.action, r.payload.changes, (r.payload.comment as { body: string }).body])).toEqual([
      ["created", undefined, "Promoting…"],
      ["edited", { body: { from: "Promoting…" } }, "Promoted to 10%"],
    ]);
    expect(world.emulator.webhooks.nonConforming()).toEqual([]);
  });

  it("an update that changes nothing sends nothing", async () => {
    const number = await trackingIssue();
    await world.app.rest.issues.update({ owner: "acme", repo: "web", issue_number: number, body: BODY });
    await world.emulator.idle();
    expect(received).toEqual([]);
  });
});

describe("delivery switches", () => {
  it("returns the receiver's status", async () => {
    const number = await trackingIssue();
    answer = 500;
    const { deliveries } = await world.emulator.as("quinn").comment(REPO, number, "/status");
    expect(deliveries.map((d) => d.status)).toEqual([500]);
  });

  it("delivers twice with the same delivery id, like a redelivery", async () => {
    const number = await trackingIssue();
    world.emulator.webhooks.deliverTwice();
    try {
      await world.emulator.as("quinn").comment(REPO, number, "/promote");
    } finally {
      world.emulator.webhooks.deliverTwice(false);
    }
    expect(received).toHaveLength(2);
    expect(received[0]?.headers["x-github-delivery"]).toBe(received[1]?.headers["x-github-delivery"]);
    expect(received[0]?.body).toBe(received[1]?.body);
  });

  it("holds deliveries and releases them late, in reverse order", async () => {
    const number = await trackingIssue();
    world.emulator.webhooks.hold();
    const quinn = world.emulator.as("quinn");
    const first = await quinn.tick(REPO, number, "security");
    await quinn.tick(REPO, number, "qa");
    expect(first.deliveries.map((d) => d.status)).toEqual(["held"]);
    expect(received).toEqual([]);
    await world.emulator.webhooks.release("reverse");
    const bodies = received.map((r) => (r.payload.changes as { body: { from: string } }).body.from);
    expect(bodies[0]).toContain("- [x] Security review");
    expect(bodies[1]).toBe(BODY);
  });

  it("can be turned off: events are recorded, nothing is sent", async () => {
    const number = await trackingIssue();
    world.emulator.webhooks.off();
    try {
      const { deliveries } = await world.emulator.as("quinn").comment(REPO, number, "/promote");
      expect(deliveries.map((d) => d.status)).toEqual(["off"]);
    } finally {
      world.emulator.webhooks.on();
    }
    expect(received).toEqual([]);
    const [recorded] = world.emulator.webhooks.deliveries({ event: "issue_comment" });
    const again = await world.emulator.webhooks.redeliver(recorded?.id ?? "");
    expect(again.status).toBe(200);
    expect(received[0]?.headers["x-github-delivery"]).toBe(recorded?.id);
  });
});
