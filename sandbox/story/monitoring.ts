// What the playlist editor's monitoring shows in the stories, per gate of the example plan, as
// the Action's `metrics-values` input takes it. Healthy values pass every gate; the rollback
// story replaces the error rate by a per-minute series with an incident in it.
import type { Metrics, SuppliedValue } from "./world.js";

const MINUTE = 60_000;

/** Healthy numbers, each well inside its gate (see the plan's `gates:`). */
export const HEALTHY = {
  "error-rate": 0.002, // below 0.01
  "request-error-rate": 0.0004, // below 0.001
  "save-seconds": 0.8, // below 2
  uptime: 0.9995, // above 0.999
  serving: 1, // above 0.5
  "complaints-per-hour": 2, // below 10
} as const;

export const healthy: Metrics = () => ({ ...HEALTHY });

/**
 * Samples one a minute over the last `windowMinutes` (as a Prometheus range query with a 60 s
 * step would return them), each from `value(at)`.
 */
export function series(now: Date, value: (at: number) => number, windowMinutes = 90): SuppliedValue {
  const end = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const samples: Array<{ at: string; value: number }> = [];
  for (let at = end - windowMinutes * MINUTE; at <= end; at += MINUTE) samples.push({ at: new Date(at).toISOString(), value: value(at) });
  return samples;
}

/** Healthy gates, with the error rate a series following `errorRate(at)`. */
export function withErrorRate(errorRate: (at: number) => number): Metrics {
  return (now) => ({ ...HEALTHY, "error-rate": series(now, errorRate) });
}
