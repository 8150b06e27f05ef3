// The shared queue, for N replicas on one Redis (REDIS_URL), built on BullMQ:
// - a delivery is a job whose id is the delivery id: adding it again (a redelivery, the same
//   delivery at two replicas) adds nothing while the job is kept (a week after it completes);
//   a redelivery of a delivery in the failed set runs it again;
// - a job holds its rollout's lock (rollout-lock.ts) while it runs; a job whose rollout is busy
//   goes back to wait a moment, without spending a try;
// - a transient failure is tried again with exponential backoff; any other failure, or the last
//   try, leaves the job in BullMQ's failed set with its reason;
// - a replica killed mid-job stops renewing the job's lock; another replica's stalled-job check
//   puts it back to wait, and it runs again there (the handlers are idempotent).
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { isTransient, reasonOf, rolloutKey, type QueuedDelivery } from "./delivery.js";
import type { QueueMetrics } from "./metrics.js";
import { RolloutLocks } from "./rollout-lock.js";
import type { DeliveryProcessor, Enqueued, FailedDelivery, QueueLog, RetryPolicy, WorkQueue } from "./work-queue.js";

const QUEUE_NAME = "stagegate-deliveries";

interface RedisQueueOptions {
  url: string;
  process: DeliveryProcessor;
  retry: RetryPolicy;
  metrics?: QueueMetrics;
  log?: QueueLog;
  /** Key prefix, so that several installations can share one Redis. */
  prefix: string;
  /** Jobs run at once by this replica. */
  concurrency: number;
  /** How long a job's (and a rollout's) lock outlives a replica that stopped renewing it. */
  lockMs: number;
  /** Resolves when a delivery acknowledged at that time (epoch ms) may start (acknowledgements-first.ts). */
  beforeWork?: (acknowledgedAt: number) => Promise<void>;
}

interface JobData extends QueuedDelivery {
  key: string;
  acknowledgedAt: number;
}

export const jobIdOf = (deliveryId: string): string => `delivery-${deliveryId.replace(/:/g, "_")}`;

const ENQUEUE_TIMEOUT_MS = 3_000;

/** The queue's settings (STAGEGATE_QUEUE_PREFIX, _CONCURRENCY, _LOCK_MS) and their defaults. */
export function redisQueueSettingsFrom(env: NodeJS.ProcessEnv): Pick<RedisQueueOptions, "prefix" | "concurrency" | "lockMs"> {
  const number = (value: string | undefined, fallback: number) => (value !== undefined && Number(value) > 0 ? Number(value) : fallback);
  return {
    prefix: env.STAGEGATE_QUEUE_PREFIX || "stagegate",
    concurrency: number(env.STAGEGATE_QUEUE_CONCURRENCY, 8),
    lockMs: number(env.STAGEGATE_QUEUE_LOCK_MS, 30_000),
  };
}

/** The producer's side alone, for `npm run admin` and the tests; `close` disconnects too. */
export function openQueue(url: string, prefix = "stagegate"): { queue: Queue; close(): Promise<void> } {
  const connection = new Redis(url, { maxRetriesPerRequest: 1 });
  connection.on("error", () => {
    // Reported by the commands that fail.
  });
  const queue = new Queue(QUEUE_NAME, { connection, prefix });
  queue.on("error", () => {
    // Likewise.
  });
  return {
    queue,
    close: async () => {
      await queue.close();
      connection.disconnect();
    },
  };
}

/**
 * What the queue holds of a job: nothing, the job in the failed set, or the job in any other state.
 * Two plain reads in one round trip rather than BullMQ's getJobState, whose script scans the
 * waiting and active lists for an id it has never seen: every acknowledgement (nearly all of them
 * for new ids) would cost more the longer the backlog. test/app/queue/redis-queue.test.ts holds
 * these reads to getJobState's answer for every state a job can be in.
 */
export async function recordedState(client: Redis, queue: Queue, jobId: string): Promise<"unknown" | "failed" | "recorded"> {
  // The producer connection refuses commands until it is ready; BullMQ's own commands wait so too.
  await queue.waitUntilReady();
  const [exists, failedAt] = await Promise.all([client.exists(queue.toKey(jobId)), client.zscore(queue.keys.failed as string, jobId)]);
  if (failedAt !== null) return "failed";
  return exists === 1 ? "recorded" : "unknown";
}

/** BullMQ's failed jobs (`getFailed` leaves out any removed meanwhile) as the failed set lists them. */
export function failedOf(jobs: Array<Pick<Job<JobData>, "data" | "failedReason" | "attemptsMade" | "finishedOn">>): FailedDelivery[] {
  // A failed job always has its finishing time; the type does not say so.
  return jobs.map(({ data, failedReason, attemptsMade, finishedOn }) => ({ id: data.id, name: data.name, key: data.key, reason: failedReason, attempts: attemptsMade, failedAt: finishedOn ?? 0 }));
}

export async function createRedisQueue(options: RedisQueueOptions): Promise<WorkQueue> {
  const { prefix, lockMs, log } = options;
  // The webhook endpoint must answer within GitHub's 10 s: while Redis is away its commands fail
  // at once (no offline queue) and the delivery is refused, so GitHub records it as failed.
  const producer = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // Workers and locks wait for Redis to come back instead.
  const workerConnection = new Redis(options.url, { maxRetriesPerRequest: null });
  const lockConnection = new Redis(options.url, { maxRetriesPerRequest: null });
  for (const [name, client] of [["queue", producer], ["worker", workerConnection], ["lock", lockConnection]] as const) {
    // ioredis reconnects by itself; say so once per error rather than crash on an unhandled event.
    client.on("error", (error: Error) => log?.warn({ connection: name, reason: error.message }, "Redis connection error"));
  }
  await producer.connect().catch(() => undefined);
  const queue = new Queue(QUEUE_NAME, { connection: producer, prefix });
  queue.on("error", (error) => log?.warn({ reason: error.message }, "queue error"));
  const locks = new RolloutLocks(lockConnection, `${prefix}:${QUEUE_NAME}`, lockMs);

  async function processJob(job: Job<JobData>, token?: string): Promise<void> {
    const { key } = job.data;
    await options.beforeWork?.(job.data.acknowledgedAt);
    const lock = await locks.acquire(key);
    if (lock === null) {
      // The rollout is busy on some replica: wait a moment (jittered so that waiters spread out).
      await job.moveToDelayed(Date.now() + 50 + Math.floor(Math.random() * 100), token);
      throw new DelayedError();
    }
    try {
      if (job.attemptsMade === 0) options.metrics?.wait.observe((Date.now() - job.data.acknowledgedAt) / 1000);
      await options.process({ id: job.data.id, name: job.data.name, payload: job.data.payload });
      options.metrics?.processed.inc({ outcome: "completed" });
    } catch (error) {
      const reason = reasonOf(error);
      const context = { delivery: job.data.id, event: job.data.name, key, attempt: job.attemptsMade + 1, reason };
      if (isTransient(error) && job.attemptsMade + 1 < options.retry.attempts) {
        options.metrics?.processed.inc({ outcome: "retried" });
        log?.warn(context, "delivery failed on a transient error; trying again");
        throw error;
      }
      options.metrics?.processed.inc({ outcome: "failed" });
      log?.error(context, "delivery failed; it is in the failed set (npm run admin -- failed), and GitHub's Redeliver runs it again");
      throw new UnrecoverableError(reason);
    } finally {
      await lock.release();
    }
  }

  const worker = new Worker<JobData>(QUEUE_NAME, processJob, {
    connection: workerConnection,
    prefix,
    concurrency: options.concurrency,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
    // A job whose replica died is put back this many times before it is called failed.
    maxStalledCount: 3,
    // After a lost connection BullMQ waits this long before fetching (or finishing a job) again:
    // its default of 15 s left work standing that long after Redis was back.
    runRetryDelay: 1_000,
  });
  worker.on("error", (error) => log?.warn({ reason: error.message }, "queue worker error"));

  const counts = () => queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");

  return {
    mode: "redis",
    async enqueue(delivery) {
      const jobId = jobIdOf(delivery.id);
      const work = async (): Promise<Enqueued> => {
        const state = await recordedState(producer, queue, jobId);
        if (state === "failed") {
          await (await queue.getJob(jobId))?.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
          return "retried";
        }
        if (state === "recorded") return "duplicate";
        const data: JobData = { ...delivery, key: rolloutKey(delivery), acknowledgedAt: Date.now() };
        await queue.add(delivery.name, data, {
          jobId,
          attempts: options.retry.attempts,
          backoff: { type: "exponential", delay: options.retry.backoffMs },
          // Kept a week for deduplication; failed jobs until someone clears them.
          removeOnComplete: { age: 7 * 86_400, count: 100_000 },
          removeOnFail: { count: 10_000 },
        });
        return "queued";
      };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
      });
      try {
        const outcome = await Promise.race([work(), timeout]);
        options.metrics?.enqueued.inc({ outcome });
        return outcome;
      } finally {
        clearTimeout(timer);
      }
    },
    async idle() {
      for (;;) {
        const c = await counts();
        if (Object.values(c).every((n) => n === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async failed() {
      return failedOf(await queue.getFailed(0, 99));
    },
    async close() {
      // Worker.close waits for the jobs it is running; new ones are not taken.
      await worker.close();
      await queue.close();
      for (const client of [producer, workerConnection, lockConnection]) client.disconnect();
    },
  };
}
