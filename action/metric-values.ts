// Gate values handed to the Action by an earlier workflow step (`metrics-values`), for teams
// that measure health somewhere other than Prometheus. The core asks for observations with
// metricRequests(plan); this answers them from the JSON, and never invents a value: a gate
// the JSON does not mention is "no data", which the gate's `no-data` policy then judges.
import type { MetricRequest } from "../core/decisions.js";
import type { MetricObservation, Sample } from "../core/model.js";

/** Per gate: one value meaning "now", or samples over time for `for:` windows. */
export type MetricValues = Record<string, number | null | Sample[]>;

export type MetricValuesResult = { ok: true; values: MetricValues } | { ok: false; message: string };

export function parseMetricValues(text: string): MetricValuesResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not valid JSON (${(error as Error).message}); expected {"<gate>": <number>}.` };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return { ok: false, message: 'expected a JSON object such as {"error-rate": 0.002}.' };
  }
  const values: MetricValues = {};
  for (const [gate, raw] of Object.entries(json)) {
    if (raw === null || (typeof raw === "number" && Number.isFinite(raw))) {
      values[gate] = raw;
      continue;
    }
    if (!Array.isArray(raw)) {
      return { ok: false, message: `gate "${gate}" is ${JSON.stringify(raw)}: use a number, null, or a list of {"at": "<ISO-8601>", "value": <number>}.` };
    }
    const samples: Sample[] = [];
    for (const [i, sample] of raw.entries()) {
      const at = typeof sample?.at === "string" ? Date.parse(sample.at) : Number.NaN;
      const value: unknown = sample?.value;
      if (Number.isNaN(at) || !(value === null || (typeof value === "number" && Number.isFinite(value)))) {
        return { ok: false, message: `gate "${gate}" sample ${i + 1} must be {"at": "<ISO-8601>", "value": <number or null>}.` };
      }
      samples.push({ at, value: value as number | null });
    }
    values[gate] = samples.sort((a, b) => a.at - b.at);
  }
  return { ok: true, values };
}

/**
 * Answers every request from the supplied values. An instant request takes the number, or the
 * latest sample not after `now`; a window request takes the samples inside [now - window, now]
 * (a bare number is one sample at `now`, which cannot show that a condition held for a window:
 * the core then sees too little data and neither promotes on it nor rolls back on it).
 */
export function observeMetricValues(values: MetricValues, requests: MetricRequest[], now: Date): Record<string, MetricObservation> {
  const at = now.getTime();
  const observations: Record<string, MetricObservation> = {};
  for (const request of requests) {
    const supplied = values[request.gate];
    if (supplied === undefined) {
      observations[request.key] = { samples: [], error: null };
    } else if (!Array.isArray(supplied)) {
      observations[request.key] = { samples: [{ at, value: supplied }], error: null };
    } else if (request.windowMs === null) {
      const latest = supplied.filter((s) => s.at <= at).at(-1);
      observations[request.key] = { samples: latest ? [latest] : [], error: null };
    } else {
      const from = at - request.windowMs;
      observations[request.key] = { samples: supplied.filter((s) => s.at >= from && s.at <= at), error: null };
    }
  }
  return observations;
}
