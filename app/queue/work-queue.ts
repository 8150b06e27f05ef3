// What the webhook endpoint and the App's process see of the queue, whichever backs it: the
// in-process one (memory-queue.ts, the default) or Redis (redis-queue.ts, with REDIS_URL).
import type { QueuedDelivery } from "./delivery.js";

/** What became of a delivery handed to the queue. */
export type Enqueued = "queued" | "duplicate" | "retried";

export interface FailedDelivery {
  id: string;
  name: string;
  key: string;
  reason: string;
  attempts: number;
  /** Epoch milliseconds of the last failure. */
  failedAt: number;
}

export interface WorkQueue {
  readonly mode: "memory" | "redis";
  /** Records the delivery; resolves once it is safe to acknowledge it. */
  enqueue(delivery: QueuedDelivery): Promise<Enqueued>;
  /** Resolves once nothing is waiting, running or due for a retry. */
  idle(): Promise<void>;
  /** The deliveries that kept failing, newest first. */
  failed(): Promise<FailedDelivery[]>;
  /** Takes no new work, waits for the jobs in flight to finish, and disconnects. */
  close(): Promise<void>;
}

/** Runs one delivery's handlers; rejects with what they threw. */
export type DeliveryProcessor = (delivery: QueuedDelivery) => Promise<void>;

export interface QueueLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The pause before the second try; doubled for each one after. */
  backoffMs: number;
}

/** Five tries over about 30 s at the defaults; STAGEGATE_QUEUE_ATTEMPTS / _BACKOFF_MS change it. */
export function retryPolicyFrom(env: NodeJS.ProcessEnv): RetryPolicy {
  const attempts = Number(env.STAGEGATE_QUEUE_ATTEMPTS ?? 5);
  const backoffMs = Number(env.STAGEGATE_QUEUE_BACKOFF_MS ?? 2_000);
  return { attempts: Number.isInteger(attempts) && attempts > 0 ? attempts : 5, backoffMs: Number.isFinite(backoffMs) && backoffMs >= 0 ? backoffMs : 2_000 };
}
