// Every webhook delivery, observed where the queue hands it to Probot (`webhooks.receive`, whose
// promise settles when the last handler is done): one JSON log line per try of a delivery with
// its id, event, rollout and outcome, the delivery metrics, and the count of deliveries being
// worked.
import type { Probot } from "probot";
import type { AppMetrics } from "./metrics.js";

type Outcome = "ok" | "rejected" | "failed";

interface DeliveryTracker {
  /** Deliveries received and not yet finished. */
  readonly inFlight: number;
}

interface Received {
  id: string;
  name: string;
  payload: { action?: unknown; issue?: { title?: unknown } };
}

/** The rollout a delivery concerns, when the payload names it: a tracking issue's title. */
function rolloutOf(payload: Received["payload"]): string | null {
  const title = payload.issue?.title;
  const match = typeof title === "string" ? /^Rollout: (\S+)/.exec(title) : null;
  return match?.[1] ?? null;
}

function outcomeOf(error: unknown): { outcome: Outcome; message: string } {
  // webhooks.receive gathers what the handlers threw in one AggregateError.
  const first = (error as AggregateError).errors[0] as { status?: number; message: string };
  const status = first.status;
  return { outcome: status !== undefined && status >= 400 && status < 500 ? "rejected" : "failed", message: first.message };
}

export function trackDeliveries(probot: Probot, metrics: AppMetrics): DeliveryTracker {
  const webhooks = probot.webhooks;
  const log = probot.log.child({ name: "stagegate" });
  let inFlight = 0;

  const receive = webhooks.receive.bind(webhooks);
  webhooks.receive = (delivery) => {
    const { id, name, payload } = delivery as Received;
    const event = typeof payload.action === "string" ? `${name}.${payload.action}` : name;
    const started = performance.now();
    inFlight++;
    const settle = (outcome: Outcome, error?: string) => {
      inFlight--;
      const seconds = (performance.now() - started) / 1000;
      metrics.deliveries.inc({ event: name, outcome });
      metrics.handlingSeconds.observe({ event: name }, seconds);
      const line = { delivery: id, event, rollout: rolloutOf(payload), outcome, ms: Math.round(seconds * 1000), ...(error ? { error } : {}) };
      if (outcome === "failed") log.error(line, "delivery failed");
      else if (outcome === "rejected") log.warn(line, "delivery rejected");
      else log.info(line, "delivery handled");
    };
    return receive(delivery).then(
      () => settle("ok"),
      (error: unknown) => {
        const { outcome, message } = outcomeOf(error);
        settle(outcome, message);
        throw error;
      },
    );
  };

  return {
    get inFlight() {
      return inFlight;
    },
  };
}
