// The shared queue in this process against a real Redis (Debian's redis-server, started on a free
// loopback port with its own data folder), as replicas use it: a delivery id worked once whoever
// acknowledges it, one rollout worked by one replica at a time, transient failures tried again
// after a growing pause, lasting ones kept in the failed set with their reason until redelivered,
// and deliveries refused while Redis is away. Work is held with gates; a pause is never waited
// out: the test reads it off the job and lets the job go at once.
import { randomUUID } from "node:crypto";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { QueuedDelivery } from "../../../app/queue/delivery.js";
import { createQueueMetrics, type QueueMetrics } from "../../../app/queue/metrics.js";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { createRedisQueue, jobIdOf, openQueue, recordedState, redisQueueSettingsFrom } from "../../../app/queue/redis-queue.js";
import type { DeliveryProcessor, QueueLog, RetryPolicy, WorkQueue } from "../../../app/queue/work-queue.js";
import { eventually } from "../../eventually.js";
import { redisMissing, startRedis, type RunningRedis } from "../../redis-server.js";
import { gate } from "../../gate.js";
import { comment, httpError } from "./deliveries.js";

const missing = redisMissing();

let redis: RunningRedis | null = null;
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  if (missing === null) redis = await startRedis();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  await redis?.close();
});

const url = () => (redis as RunningRedis).url;

interface ReplicaOptions {
  retry?: RetryPolicy;
  metrics?: QueueMetrics;
  log?: QueueLog;
}

/** One replica's queue; replicas with one prefix share the deliveries. */
async function replica(prefix: string, process: DeliveryProcessor, options: ReplicaOptions = {}): Promise<WorkQueue> {
  const queue = await createRedisQueue({ ...redisQueueSettingsFrom({}), url: url(), prefix, process, retry: options.retry ?? { attempts: 1, backoffMs: 0 }, ...options });
  closers.push(() => queue.close());
  return queue;
}

/** What `npm run admin` sees of the jobs. */
function jobs(prefix: string) {
  const opened = openQueue(url(), prefix);
  closers.push(opened.close);
  const job = async (delivery: string) => {
    const found = await opened.queue.getJob(jobIdOf(delivery));
    if (found === undefined) throw new Error(`no job for ${delivery}`);
    return found;
  };
  return { job, state: (delivery: string) => opened.queue.getJobState(jobIdOf(delivery)) };
}

function recordingLog() {
  const lines: string[] = [];
  const log: QueueLog = {
    info: (_obj, msg) => lines.push(msg),
    warn: (_obj, msg) => lines.push(msg),
    error: (_obj, msg) => lines.push(msg),
  };
  return { lines, log };
}

async function counter(registry: Registry, name: string, outcome: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values.find((v) => v.labels.outcome === outcome)?.value as number | undefined) ?? 0;
}

const fresh = () => `test-${randomUUID()}`;

describe.skipIf(missing !== null)("the Redis queue", () => {
  it("works a delivery id once, however often and at however many replicas it is acknowledged", async () => {
    const prefix = fresh();
    const started = gate();
    const held = gate();
    const runs: string[] = [];
    const work: DeliveryProcessor = async (d) => {
      runs.push(d.id);
      started.open();
      await held.opened;
    };
    const registry = new Registry();
    const a = await replica(prefix, work, { metrics: createQueueMetrics(registry, () => Promise.resolve(0)) });
    const b = await replica(prefix, work);

    expect(await a.enqueue(comment("d1", "editor"))).toBe("queued");
    expect(await b.enqueue(comment("d1", "editor"))).toBe("duplicate");
    await started.opened;
    expect(await a.enqueue(comment("d1", "editor"))).toBe("duplicate");
    held.open();
    await a.idle();
    // Done, and still remembered: GitHub's redelivery of it is not worked again.
    expect(await b.enqueue(comment("d1", "editor"))).toBe("duplicate");
    await b.idle();
    expect(runs).toEqual(["d1"]);
    expect([await counter(registry, "stagegate_deliveries_enqueued_total", "queued"), await counter(registry, "stagegate_deliveries_enqueued_total", "duplicate")]).toEqual([1, 1]);
  });

  it("works one rollout's deliveries one at a time across replicas, and other rollouts alongside", async () => {
    const prefix = fresh();
    const view = jobs(prefix);
    const log: string[] = [];
    const firstStarted = gate();
    const first = gate();
    const otherDone = gate();
    const work: DeliveryProcessor = async (d) => {
      log.push(`start ${d.id}`);
      if (d.id === "e1") {
        firstStarted.open();
        await first.opened;
      }
      log.push(`end ${d.id}`);
      if (d.id === "s1") otherDone.open();
    };
    const a = await replica(prefix, work);
    const b = await replica(prefix, work);

    await a.enqueue(comment("e1", "editor"));
    await firstStarted.opened;
    await b.enqueue(comment("e2", "editor"));
    await b.enqueue(comment("s1", "search"));
    await otherDone.opened;
    // A replica took e2 and found its rollout busy: e2 waits its turn, without spending a try.
    await eventually("e2 to wait for its rollout", async () => (await view.state("e2")) === "delayed");
    expect(log).toEqual(["start e1", "start s1", "end s1"]);

    first.open();
    await a.idle();
    expect(log).toEqual(["start e1", "start s1", "end s1", "end e1", "start e2", "end e2"]);
    // Its one try was the one that worked: waiting for the rollout spent none (one is all it had).
    expect((await view.job("e2")).attemptsMade).toBe(1);
  });

  it("tries a transient failure again after a pause that doubles, keeps the last failure in the failed set, and runs it again when redelivered", async () => {
    const prefix = fresh();
    const view = jobs(prefix);
    const { lines, log } = recordingLog();
    const registry = new Registry();
    let failing = true;
    let tries = 0;
    const work: DeliveryProcessor = () => {
      tries++;
      return failing ? Promise.reject(httpError(502, "Server Error")) : Promise.resolve();
    };
    const queue = await replica(prefix, work, { retry: { attempts: 3, backoffMs: 60_000 }, log, metrics: createQueueMetrics(registry, async () => (await queue.failed()).length) });

    await queue.enqueue(comment("t1", "editor"));
    const pauses: number[] = [];
    for (const tried of [1, 2]) {
      await eventually(`try ${tried} to fail`, async () => (await view.state("t1")) === "delayed" && (await view.job("t1")).attemptsMade === tried);
      const job = await view.job("t1");
      pauses.push(job.delay);
      // Not worth waiting a minute for: the pause is read, then cut short.
      await job.promote();
    }
    expect(pauses).toEqual([60_000, 120_000]);
    await eventually("the last try to fail", async () => (await view.state("t1")) === "failed");
    expect(await queue.failed()).toEqual([{ id: "t1", name: "issue_comment", key: "acme/web#rollout-editor", reason: "502: Server Error", attempts: 3, failedAt: expect.any(Number) }]);
    expect(await registry.getSingleMetricAsString("stagegate_delivery_failed_set_size")).toContain("stagegate_delivery_failed_set_size 1");
    expect(lines).toEqual([
      "delivery failed on a transient error; trying again",
      "delivery failed on a transient error; trying again",
      "delivery failed; it is in the failed set (npm run admin -- failed), and GitHub's Redeliver runs it again",
    ]);
    expect([await counter(registry, "stagegate_deliveries_processed_total", "retried"), await counter(registry, "stagegate_deliveries_processed_total", "failed")]).toEqual([2, 1]);

    // GitHub's Redeliver, once the cause is gone: it runs again, with all its tries.
    failing = false;
    expect(await queue.enqueue(comment("t1", "editor"))).toBe("retried");
    await queue.idle();
    expect(tries).toBe(4);
    expect(await queue.failed()).toEqual([]);
    expect(await counter(registry, "stagegate_deliveries_processed_total", "completed")).toBe(1);
  });

  it("puts a failure that would only repeat straight into the failed set, with its reason", async () => {
    const prefix = fresh();
    let tries = 0;
    const work: DeliveryProcessor = () => {
      tries++;
      return Promise.reject(httpError(403, "Resource not accessible by integration"));
    };
    const queue = await replica(prefix, work, { retry: { attempts: 5, backoffMs: 60_000 } });
    await queue.enqueue(comment("l1", "editor"));
    await eventually("the failure to reach the failed set", async () => (await queue.failed()).length === 1);
    expect(await queue.failed()).toEqual([{ id: "l1", name: "issue_comment", key: "acme/web#rollout-editor", reason: "403: Resource not accessible by integration", attempts: 1, failedAt: expect.any(Number) }]);
    expect(tries).toBe(1);
  });

  it("tells a new delivery from a recorded or a failed one as BullMQ's own getJobState does, in every state a job can be in", async () => {
    const { queue, close } = openQueue(url(), fresh());
    closers.push(close);
    const client = new Redis(url());
    const connection = new Redis(url(), { maxRetriesPerRequest: null });
    const worker = new Worker(queue.name, null, { connection, prefix: queue.opts.prefix as string, autorun: false });
    closers.push(async () => {
      await worker.close();
      for (const c of [client, connection]) c.disconnect();
    });
    const token = "test-token";
    // Taken by the worker one at a time, so each is added just before it is taken.
    const taken = async (id: string) => {
      await queue.add("issue_comment", {}, { jobId: id });
      const job = await worker.getNextJob(token, { block: false });
      if (job?.id !== id) throw new Error(`the worker took ${job?.id} rather than ${id}`);
      return job;
    };
    await taken("d-active");
    await (await taken("d-completed")).moveToCompleted("done", token, false);
    await (await taken("d-failed")).moveToFailed(new Error("lasting"), token, false);
    const removed = await taken("d-removed");
    await removed.moveToCompleted("done", token, false);
    await removed.remove();
    await queue.add("issue_comment", {}, { jobId: "d-waiting" });
    await queue.add("issue_comment", {}, { jobId: "d-prioritized", priority: 3 });
    await queue.add("issue_comment", {}, { jobId: "d-delayed", delay: 3_600_000 });
    await queue.pause();
    await queue.add("issue_comment", {}, { jobId: "d-paused" });

    // Ids as the App makes them (jobIdOf): never the name of one of BullMQ's own keys.
    const ids = ["active", "completed", "failed", "removed", "waiting", "prioritized", "delayed", "paused", "never-added"].map((state) => `d-${state}`);
    const bullmq = await Promise.all(ids.map((id) => queue.getJobState(id)));
    // Every state is there, so that the comparison below covers each of them.
    expect(new Set(bullmq)).toEqual(new Set(["active", "completed", "failed", "unknown", "waiting", "prioritized", "delayed"]));
    const expected = bullmq.map((state) => (state === "unknown" || state === "failed" ? state : "recorded"));
    expect(await Promise.all(ids.map((id) => recordedState(client, queue, id)))).toEqual(expected);
  });

  // A Redis stopped and started again, on a machine busy with a second suite, can take longer than
  // the default test timeout: this one may take up to two minutes before it counts as hung.
  it("refuses deliveries while Redis is away, so GitHub records them as failed, and takes them again once it is back", async () => {
    const prefix = fresh();
    const runs: QueuedDelivery[] = [];
    const { lines, log } = recordingLog();
    const registry = new Registry();
    const queue = await replica(prefix, (d) => Promise.resolve(void runs.push(d)), { log, metrics: createQueueMetrics(registry, async () => (await queue.failed()).length) });

    await (redis as RunningRedis).stop();
    await expect(queue.enqueue(comment("r1", "editor"))).rejects.toThrow();
    // /metrics still answers: the failed set's size is unknown meanwhile.
    expect(await registry.getSingleMetricAsString("stagegate_delivery_failed_set_size")).toContain("stagegate_delivery_failed_set_size Nan");
    await eventually("the lost connection to be logged", () => lines.includes("Redis connection error"));

    await (redis as RunningRedis).start();
    await eventually("Redis to take deliveries again", async () => (await queue.enqueue(comment("r1", "editor")).catch(() => null)) === "queued");
    // Bounded, and named when it does not happen: the worker has to find Redis again on its own.
    await eventually("the worker to take the delivery after Redis came back", () => runs.length > 0);
    await queue.idle();
    expect(runs.map((d) => d.id)).toEqual(["r1"]);
  }, 120_000);
});

describe("the Redis queue's settings", () => {
  it("come from the environment, and a value that is not a positive number keeps the default", () => {
    expect(redisQueueSettingsFrom({})).toEqual({ prefix: "stagegate", concurrency: 8, lockMs: 30_000 });
    expect(redisQueueSettingsFrom({ STAGEGATE_QUEUE_PREFIX: "acme", STAGEGATE_QUEUE_CONCURRENCY: "2", STAGEGATE_QUEUE_LOCK_MS: "10000" })).toEqual({ prefix: "acme", concurrency: 2, lockMs: 10_000 });
    expect(redisQueueSettingsFrom({ STAGEGATE_QUEUE_PREFIX: "", STAGEGATE_QUEUE_CONCURRENCY: "0", STAGEGATE_QUEUE_LOCK_MS: "soon" })).toEqual({ prefix: "stagegate", concurrency: 8, lockMs: 30_000 });
  });
});

if (missing !== null) {
  it.skip(`Redis queue tests skipped: ${missing}`, () => undefined);
  console.warn(`Redis queue tests skipped: ${missing}.`);
}
