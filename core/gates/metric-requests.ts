// Which metric queries a plan needs answered on each run. The Action asks the provider for
// exactly these and hands the answers back keyed by `MetricRequest.key`, so the core never
// knows how metrics are fetched and the provider is asked each thing once.
import { formatDuration } from "../duration.js";
import type { Duration, Plan } from "../model.js";
import type { MetricRequest } from "../decisions.js";

/**
 * `error-rate` for the instant value, `error-rate@1h` for a range over the last hour. The window
 * is written canonically (`60m` and `1h` share one key), with no spaces.
 */
export function metricKey(gate: string, windowMs: number | null): string {
  return windowMs === null ? gate : `${gate}@${formatDuration(windowMs).replaceAll(" ", "")}`;
}

export function windowOf(duration: Duration | null): number | null {
  return duration === null ? null : duration.ms;
}

/**
 * One request per distinct (gate, window): gates need their instant value or their `for:` window,
 * rollback rules and alerts theirs. Rules naming a gate the plan does not define are skipped (the
 * plan check reports them). Order is stable: the plan's order of first use.
 */
export function metricRequests(plan: Plan): MetricRequest[] {
  const requests = new Map<string, MetricRequest>();
  const add = (gateName: string, windowMs: number | null): void => {
    const gate = plan.gates.find((g) => g.name === gateName);
    const key = metricKey(gateName, windowMs);
    if (gate !== undefined && !requests.has(key)) requests.set(key, { key, gate: gateName, query: gate.query, windowMs });
  };
  for (const gate of plan.gates) add(gate.name, windowOf(gate.for));
  for (const rule of plan.rollback.when) add(rule.gate, windowOf(rule.for));
  for (const rule of plan.alerts) add(rule.gate, windowOf(rule.for));
  return [...requests.values()];
}
