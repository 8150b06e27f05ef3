// Whether a condition held over a whole window of time, judged from samples.
//
// The sampling rule. A provider answers a range query with samples taken every `step` (Prometheus
// does exactly this). We do not trust the step it claims: we infer it as the median spacing of
// the samples that carry a value, which survives a few missing or duplicated samples. The
// window [now - window, now] counts as covered when
//   - there are at least two samples with a value (one sample has no spacing to judge by),
//   - the first lies within one step of the window's start and the last within one step of now,
//   - and no two consecutive samples are more than twice the step apart.
// A sample whose value is null (NaN) counts as missing. Samples outside the window are ignored.
//
// The answer is then:
//   - "does-not-hold" as soon as one sample in the window violates the condition (coverage does
//     not matter: it certainly did not hold throughout);
//   - "holds" when the window is covered and every sample satisfies the condition;
//   - "no-data" when the samples we have all satisfy it but do not cover the window: we cannot
//     tell, and the caller decides what not knowing means (a gate's `no-data`; never a rollback);
//   - "error" when the provider failed.
import type { MetricObservation, Sample, Threshold } from "../model.js";
import { margin } from "./threshold.js";

export type WindowResult = "holds" | "does-not-hold" | "no-data" | "error";

/**
 * `value` is the sample closest to breaking the condition (or the one that broke it most), the
 * one that shows how sustained a state was; `latest` the newest value in the window. A verdict
 * from samples always has both.
 */
export type WindowVerdict =
  | { result: "holds" | "does-not-hold"; value: number; latest: number }
  | { result: "no-data" | "error"; value: number | null; latest: number | null };

export function holdsOver(condition: Threshold, observation: MetricObservation | undefined, windowMs: number, now: number): WindowResult {
  return windowVerdict(condition, observation, windowMs, now).result;
}

export function windowVerdict(condition: Threshold, observation: MetricObservation | undefined, windowMs: number, now: number): WindowVerdict {
  if (observation === undefined) return { result: "no-data", value: null, latest: null };
  if (observation.error !== null) return { result: "error", value: null, latest: null };
  const start = now - windowMs;
  const known = valuesIn(observation.samples, start, now);
  if (known.length === 0) return { result: "no-data", value: null, latest: null };

  let worst = known[0] as KnownSample;
  for (const s of known) if (margin(condition, s.value) < margin(condition, worst.value)) worst = s;
  const latest = (known[known.length - 1] as KnownSample).value;
  if (margin(condition, worst.value) <= 0) return { result: "does-not-hold", value: worst.value, latest };
  return covers(known, start, now) ? { result: "holds", value: worst.value, latest } : { result: "no-data", value: worst.value, latest };
}

type KnownSample = { at: number; value: number };

/** Samples with a value inside [start, now], oldest first, one per instant. */
function valuesIn(samples: Sample[], start: number, now: number): KnownSample[] {
  const byTime = new Map<number, number>();
  for (const s of samples) {
    if (s.value !== null && !Number.isNaN(s.value) && s.at >= start && s.at <= now) byTime.set(s.at, s.value);
  }
  return [...byTime].sort(([a], [b]) => a - b).map(([at, value]) => ({ at, value }));
}

function covers(known: KnownSample[], start: number, now: number): boolean {
  if (known.length < 2) return false;
  const gaps = known.slice(1).map((s, i) => s.at - (known[i] as KnownSample).at);
  const step = median(gaps);
  const first = (known[0] as KnownSample).at;
  const last = (known[known.length - 1] as KnownSample).at;
  return first - start <= step && now - last <= step && gaps.every((gap) => gap <= 2 * step);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
