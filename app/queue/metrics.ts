// The queue's Prometheus metrics, registered on the registry the caller passes (one per server,
// so two Apps in one process never share counters). /metrics serves that registry.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface QueueMetrics {
  /** Deliveries the webhook endpoint handed to the queue, by what became of them. */
  enqueued: Counter<"outcome">;
  /** Tries, by outcome: completed, retried (a transient failure), failed (into the failed set). */
  processed: Counter<"outcome">;
  /** Time from acknowledgement to the start of work. */
  wait: Histogram;
  /** Time from receipt of the request to the acknowledgement. */
  acknowledge: Histogram;
  /** Deliveries acknowledged but not finished (this process's, or the shared queue's). */
  depth: Gauge<"mode">;
  /** Size of the failed set (shared across replicas with Redis). */
  failedSet: Gauge;
}

/** `failedCount` is read at each scrape; the size is NaN while it cannot be read (Redis away). */
export function createQueueMetrics(registry: Registry, failedCount: () => Promise<number>): QueueMetrics {
  const registers = [registry];
  return {
    enqueued: new Counter({ name: "stagegate_deliveries_enqueued_total", help: "Webhook deliveries handed to the queue, by outcome (queued, duplicate, retried).", labelNames: ["outcome"], registers }),
    processed: new Counter({ name: "stagegate_deliveries_processed_total", help: "Tries of queued deliveries, by outcome (completed, retried, failed).", labelNames: ["outcome"], registers }),
    wait: new Histogram({ name: "stagegate_delivery_queue_wait_seconds", help: "Time from acknowledging a delivery to starting its work.", buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60], registers }),
    acknowledge: new Histogram({ name: "stagegate_webhook_acknowledge_seconds", help: "Time from receiving a webhook to acknowledging it.", buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers }),
    depth: new Gauge({ name: "stagegate_delivery_queue_depth", help: "Deliveries acknowledged and not yet finished.", labelNames: ["mode"], registers }),
    failedSet: new Gauge({
      name: "stagegate_delivery_failed_set_size",
      help: "Deliveries that kept failing and wait in the failed set (npm run admin -- failed lists them).",
      registers,
      async collect() {
        this.set(await failedCount().catch(() => Number.NaN));
      },
    }),
  };
}
