// The App's own Prometheus metrics, served at GET /metrics. One registry per server instance
// (the tests and the sandbox start many servers in one process, and prom-client's global
// registry would mix them); other parts of the server register their metrics on the same one.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface AppMetrics {
  registry: Registry;
  /** Webhook deliveries by event (`issues.edited`) and outcome (ok, rejected, failed). */
  deliveries: Counter<"event" | "outcome">;
  /** Seconds from receiving a delivery to its last handler finishing. */
  handlingSeconds: Histogram<"event">;
  /** GitHub API calls by route template (`GET /repos/{owner}/{repo}/contents/{path}`) and status. */
  apiCalls: Counter<"route" | "status">;
  /** `x-ratelimit-remaining` of the last answer, by rate-limit resource (core, graphql…). */
  rateLimitRemaining: Gauge<"resource">;
}

export function createAppMetrics(registry: Registry): AppMetrics {
  return {
    registry,
    deliveries: new Counter({ name: "stagegate_webhook_deliveries_total", help: "Webhook deliveries by event and outcome (ok, rejected, failed).", labelNames: ["event", "outcome"], registers: [registry] }),
    handlingSeconds: new Histogram({
      name: "stagegate_webhook_handling_seconds",
      help: "Time from receiving a webhook delivery to its handlers finishing.",
      labelNames: ["event"],
      // GitHub gives a delivery 10 s; the buckets resolve the range up to that and past it.
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 9, 15, 30],
      registers: [registry],
    }),
    apiCalls: new Counter({ name: "stagegate_github_api_calls_total", help: "GitHub API calls by route and status (0: no answer).", labelNames: ["route", "status"], registers: [registry] }),
    rateLimitRemaining: new Gauge({ name: "stagegate_github_rate_limit_remaining", help: "Requests left in the current rate-limit window, from the last answer.", labelNames: ["resource"], registers: [registry] }),
  };
}
