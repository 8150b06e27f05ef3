// A log line per try of a delivery, as an operator reads it: which delivery, which event and
// rollout, how it ended (ok; rejected: GitHub refused a call, 4xx; failed: anything else) and
// why, with the same counts on /metrics.
import { Probot } from "probot";
import { Registry } from "prom-client";
import { beforeEach, expect, it } from "vitest";
import { trackDeliveries } from "../../../app/observability/deliveries.js";
import { createAppMetrics, type AppMetrics } from "../../../app/observability/metrics.js";
import { logLines, type LogLines } from "../log-lines.js";

let probot: Probot;
let metrics: AppMetrics;
let log: LogLines;
let tracker: { readonly inFlight: number };

beforeEach(async () => {
  log = logLines();
  // A token of its own: nothing here calls GitHub.
  probot = new Probot({ githubToken: "unused", log: log.logger });
  await probot.ready();
  metrics = createAppMetrics(new Registry());
  tracker = trackDeliveries(probot, metrics);
});

const issue = (action: string, title: string) => ({ action, issue: { number: 3, title }, repository: { name: "web", owner: { login: "acme" } }, sender: { login: "ada" } });
const receive = (id: string, name: string, payload: object) => probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
const ours = () => log.lines().filter((line) => line.name === "stagegate");
const counted = async () => (await metrics.deliveries.get()).values.map((v) => [v.labels.event, v.labels.outcome, v.value]);

it("logs a handled delivery with its event, action and rollout", async () => {
  probot.on("issues.opened", async () => {});
  await receive("d-1", "issues", issue("opened", "Rollout: playlist-editor"));
  await receive("d-2", "issues", issue("opened", "Save button misaligned"));
  await receive("d-3", "ping", { zen: "Keep it logically awesome." });
  expect(ours().map(({ level, msg, delivery, event, rollout, outcome }) => ({ level, msg, delivery, event, rollout, outcome }))).toEqual([
    { level: 30, msg: "delivery handled", delivery: "d-1", event: "issues.opened", rollout: "playlist-editor", outcome: "ok" },
    { level: 30, msg: "delivery handled", delivery: "d-2", event: "issues.opened", rollout: null, outcome: "ok" },
    { level: 30, msg: "delivery handled", delivery: "d-3", event: "ping", rollout: null, outcome: "ok" },
  ]);
  expect(ours()[0]).toMatchObject({ ms: expect.any(Number) });
  expect(ours()[0]).not.toHaveProperty("error");
  expect(await counted()).toEqual([
    ["issues", "ok", 2],
    ["ping", "ok", 1],
  ]);
  expect((await metrics.handlingSeconds.get()).values.find((v) => v.metricName === "stagegate_webhook_handling_seconds_count" && v.labels.event === "issues")?.value).toBe(2);
});

it("tells a delivery GitHub refused (4xx) from one that failed, with the first handler's reason", async () => {
  probot.on("issues.edited", async () => {
    throw Object.assign(new Error("Resource not accessible by integration"), { status: 403 });
  });
  probot.on("issues.closed", async () => {
    throw Object.assign(new Error("Server Error"), { status: 502 });
  });
  probot.on("issues.reopened", async () => {
    throw new Error("the state file does not parse");
  });
  for (const [id, action] of [["r-1", "edited"], ["f-1", "closed"], ["f-2", "reopened"]] as const) {
    await expect(receive(id, "issues", issue(action, "Rollout: playlist-editor"))).rejects.toThrow();
  }
  // Probot logs a handler's error too; stagegate's line is the one per delivery.
  expect(ours().map(({ level, msg, delivery, outcome, error }) => ({ level, msg, delivery, outcome, error }))).toEqual([
    { level: 40, msg: "delivery rejected", delivery: "r-1", outcome: "rejected", error: "Resource not accessible by integration" },
    { level: 50, msg: "delivery failed", delivery: "f-1", outcome: "failed", error: "Server Error" },
    { level: 50, msg: "delivery failed", delivery: "f-2", outcome: "failed", error: "the state file does not parse" },
  ]);
  expect(await counted()).toEqual([
    ["issues", "rejected", 1],
    ["issues", "failed", 2],
  ]);
});

it("counts the deliveries being worked", async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  probot.on("issues.opened", async () => {
    entered();
    await released;
  });
  const working = receive("held-1", "issues", issue("opened", "Rollout: playlist-editor"));
  await inside;
  expect(tracker.inFlight).toBe(1);
  release();
  await working;
  expect(tracker.inFlight).toBe(0);
});
