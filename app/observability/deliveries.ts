// Every webhook delivery, observed where the queue hands it to Probot (`webhooks.receive`, whose
// promise settles when the last handler is done): one JSON log line per try of a delivery with
// its id, event, rollout and outcome, the delivery metrics, and the set of deliveries being
// worked.
import type { Probot } from "probot";
import type { AppMetrics } from "./metrics.js";

type Outcome = "ok" | "rejected" | "failed";

export interface DeliveryTracker {
  /** Deliveries received and not yet finished. */
  readonly inFlight: number;
  /** Resolves once no delivery is in flight. */
  idle(): Promise<void>;
}

interface Received {
  id?: string;
  name?: string;
}

/** The rollout a delivery concerns, when the payload names it: a tracking issue's title. */
export function rolloutOf(payload: unknown): string | null {
  const title = (payload as { issue?: { title?: unknown } } | null)?.issue?.title;
  const match = typeof title === "string" ? /^Rollout: (\S+)/.exec(title) : null;
  return match?.[1] ?? null;
}

function outcomeOf(error: unknown): { outcome: Outcome; message: string } {
  const first = (error as { errors?: Iterable<unknown> }).errors ? [...(error as { errors: Iterable<unknown> }).errors][0] : error;
  const status = (first as { status?: number } | undefined)?.status;
  const message = first instanceof Error ? first.message : String(first);
  return { outcome: status !== undefined && status >= 400 && status < 500 ? "rejected" : "failed", message };
}

export function trackDeliveries(probot: Probot, metrics: AppMetrics): DeliveryTracker {
  const webhooks = probot.webhooks;
  const log = probot.log.child({ name: "stagegate" });
  const pending = new Set<Promise<unknown>>();
  // Filled by a listener that sees the parsed payload, read when the delivery settles.
  const details = new Map<string, { event: string; rollout: string | null }>();
  webhooks.onAny((event) => {
    const action = (event.payload as { action?: unknown }).action;
    details.set(event.id, { event: typeof action === "string" ? `${event.name}.${action}` : event.name, rollout: rolloutOf(event.payload) });
  });

  const receive = webhooks.receive.bind(webhooks);
  webhooks.receive = (delivery) => {
    const { id = "", name = "" } = delivery as Received;
    const started = performance.now();
    const settle = (outcome: Outcome, error?: string) => {
      const seen = details.get(id);
      details.delete(id);
      const seconds = (performance.now() - started) / 1000;
      metrics.deliveries.inc({ event: name, outcome });
      metrics.handlingSeconds.observe({ event: name }, seconds);
      const line = { delivery: id, event: seen?.event ?? name, rollout: seen?.rollout ?? null, outcome, ms: Math.round(seconds * 1000), ...(error ? { error } : {}) };
      if (outcome === "failed") log.error(line, "delivery failed");
      else if (outcome === "rejected") log.warn(line, "delivery rejected");
      else log.info(line, "delivery handled");
    };
    const work = receive(delivery).then(
      () => settle("ok"),
      (error: unknown) => {
        const { outcome, message } = outcomeOf(error);
        settle(outcome, message);
        throw error;
      },
    );
    const tracked = work.catch(() => undefined);
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
    return work;
  };

  return {
    get inFlight() {
      return pending.size;
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
