// The embedded queue: one process, no server. Deliveries of one rollout run one after another in
// the order they were acknowledged; different rollouts run side by side. A delivery that fails on
// a transient error is tried again after a growing pause, holding back the rollout's later
// deliveries so that they still run in order; one that keeps failing is logged, counted and kept
// in a bounded failed list. A delivery id is remembered (bounded), so a redelivery of one that ran
// is not run again, while a redelivery of one that failed runs again.
//
// Hand-written rather than taken from a library: what it needs is a keyed promise chain, a retry
// loop and a counter, about as much code as adapting a general queue would take, and it must add
// no dependency to the default install.
import { isTransient, reasonOf, rolloutKey, type QueuedDelivery } from "./delivery.js";
import type { QueueMetrics } from "./metrics.js";
import type { DeliveryProcessor, Enqueued, FailedDelivery, QueueLog, RetryPolicy, WorkQueue } from "./work-queue.js";

interface MemoryQueueOptions {
  process: DeliveryProcessor;
  retry: RetryPolicy;
  metrics?: QueueMetrics;
  log?: QueueLog;
  /** The pause between tries (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  /** How many delivery ids (and failures) to remember. */
  memory?: number;
  /** Deliveries worked at once (default 8): a burst is acknowledged fast, then worked in turn. */
  concurrency?: number;
  /** Resolves when a delivery acknowledged at that time (epoch ms) may start (acknowledgements-first.ts). */
  beforeWork?: (acknowledgedAt: number) => Promise<void>;
}

type Status = "queued" | "done" | "failed";

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createMemoryQueue(options: MemoryQueueOptions): WorkQueue {
  const capacity = options.memory ?? 5_000;
  const sleep = options.sleep ?? realSleep;
  const statuses = new Map<string, Status>();
  const tails = new Map<string, Promise<void>>();
  const failures: FailedDelivery[] = [];
  let pending = 0;
  let closing = false;
  let idleWaiters: Array<() => void> = [];
  const limit = options.concurrency ?? 8;
  let running = 0;
  const slots: Array<() => void> = [];
  // Work starts on a later turn of the event loop, and once the endpoint lets it (`beforeWork`),
  // so that a burst of requests is acknowledged before the work it brings competes with it.
  const beforeWork = options.beforeWork ?? (() => Promise.resolve());
  const slot = (acknowledgedAt: number) =>
    new Promise<void>((resolve) => {
      const take = () => {
        running += 1;
        resolve();
      };
      setImmediate(() => void beforeWork(acknowledgedAt).then(() => (running < limit ? take() : slots.push(take))));
    });
  const freeSlot = () => {
    running -= 1;
    slots.shift()?.();
  };

  const remember = (id: string, status: Status) => {
    statuses.delete(id);
    statuses.set(id, status);
    // Maps iterate in insertion order: the first entry is the oldest.
    if (statuses.size > capacity) statuses.delete(statuses.keys().next().value as string);
  };

  const settle = () => {
    pending -= 1;
    options.metrics?.depth.set({ mode: "memory" }, pending);
    if (pending === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  async function run(delivery: QueuedDelivery, key: string, acknowledgedAt: number): Promise<void> {
    options.metrics?.wait.observe((Date.now() - acknowledgedAt) / 1000);
    for (let attempt = 1; ; attempt++) {
      try {
        await options.process(delivery);
        remember(delivery.id, "done");
        options.metrics?.processed.inc({ outcome: "completed" });
        return;
      } catch (error) {
        const reason = reasonOf(error);
        if (attempt < options.retry.attempts && isTransient(error)) {
          options.metrics?.processed.inc({ outcome: "retried" });
          options.log?.warn({ delivery: delivery.id, event: delivery.name, key, attempt, reason }, "delivery failed on a transient error; trying again");
          await sleep(options.retry.backoffMs * 2 ** (attempt - 1));
          continue;
        }
        remember(delivery.id, "failed");
        failures.unshift({ id: delivery.id, name: delivery.name, key, reason, attempts: attempt, failedAt: Date.now() });
        if (failures.length > 100) failures.length = 100;
        options.metrics?.processed.inc({ outcome: "failed" });
        options.log?.error({ delivery: delivery.id, event: delivery.name, key, attempts: attempt, reason }, "delivery failed; it is in the failed set, and GitHub's Redeliver runs it again");
        return;
      }
    }
  }

  return {
    mode: "memory",
    enqueue(delivery) {
      if (closing) return Promise.reject(new Error("the queue is shutting down"));
      const known = statuses.get(delivery.id);
      if (known === "queued" || known === "done") {
        options.metrics?.enqueued.inc({ outcome: "duplicate" });
        return Promise.resolve<Enqueued>("duplicate");
      }
      const outcome: Enqueued = known === "failed" ? "retried" : "queued";
      // A redelivery of a failed delivery takes it out of the failed set, as BullMQ's retry does.
      if (known === "failed") failures.splice(0, failures.length, ...failures.filter((f) => f.id !== delivery.id));
      remember(delivery.id, "queued");
      pending += 1;
      options.metrics?.depth.set({ mode: "memory" }, pending);
      options.metrics?.enqueued.inc({ outcome });
      const key = rolloutKey(delivery);
      const acknowledgedAt = Date.now();
      const previous = tails.get(key) ?? Promise.resolve();
      const tail = previous
        .then(() => slot(acknowledgedAt))
        .then(() => run(delivery, key, acknowledgedAt).finally(freeSlot))
        .finally(settle);
      tails.set(key, tail);
      // Forget keys nobody waits on, so a long-running server does not grow the map forever.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return Promise.resolve(outcome);
    },
    idle: () => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    failed: () => Promise.resolve([...failures]),
    async close() {
      closing = true;
      if (pending > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
