// The one thing the Action asks of a metrics source. The core says what it needs
// (`metricRequests(plan)`), a provider fetches it, and the core judges the answers; a provider
// never decides anything and never throws for an expected failure: an unreachable server, a bad
// query or a malformed value becomes an observation with `error` set, which the core treats as
// "never a pass, never a rollback".
import type { MetricRequest } from "../core/decisions.js";
import type { MetricObservation } from "../core/model.js";

export interface MetricsProvider {
  /** Where the values come from, for logs and job summaries; never contains credentials. */
  readonly description: string;
  /**
   * One observation per request key. A key left out means "not evaluated" (no source configured).
   * Resolves even when every query fails: failures are values.
   */
  observe(requests: MetricRequest[], now: Date): Promise<Record<string, MetricObservation>>;
}

/** An observation that says the source could not answer. */
export function errorObservation(message: string): MetricObservation {
  return { samples: [], error: message };
}

/** With no metrics source configured every gate is reported as not evaluated. */
export const noMetricsProvider: MetricsProvider = {
  description: "no metrics source configured (gates are not evaluated)",
  observe: () => Promise.resolve({}),
};

/** Answers every request with the same error: a configuration problem reaches every gate it affects. */
export function failingProvider(description: string, message: string): MetricsProvider {
  return {
    description,
    observe: (requests) => Promise.resolve(Object.fromEntries(requests.map((r) => [r.key, errorObservation(message)]))),
  };
}
