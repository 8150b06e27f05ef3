import { describe, expect, it } from "vitest";
import { holdsOver, windowVerdict } from "../../../core/gates.js";
import type { MetricObservation, Sample, Threshold } from "../../../core/model.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 11, 7, 15, 0, 0);
const BREACH: Threshold = { above: 0.05, below: null };
const HEALTHY: Threshold = { above: null, below: 0.001 };

function samples(value: (minutesAgo: number) => number | null, { from = 60, to = 0, step = 1 } = {}): Sample[] {
  const out: Sample[] = [];
  for (let m = from; m >= to; m -= step) out.push({ at: NOW - m * MIN, value: value(m) });
  return out;
}
const obs = (s: Sample[]): MetricObservation => ({ samples: s, error: null });

describe("holdsOver: a condition held over a whole window", () => {
  it.each<[string, Sample[], ReturnType<typeof holdsOver>]>([
    ["every sample breaches across the hour", samples(() => 0.07), "holds"],
    ["a brief spike (10 minutes) is not a sustained breach", samples((m) => (m <= 10 ? 0.2 : 0.001)), "does-not-hold"],
    ["one good sample in the middle breaks it", samples((m) => (m === 30 ? 0.01 : 0.07)), "does-not-hold"],
    ["a value exactly at the threshold does not breach", samples((m) => (m === 5 ? 0.05 : 0.07)), "does-not-hold"],
    ["breaching only since 40 minutes ago: the window is not covered", samples(() => 0.07, { from: 40 }), "no-data"],
    ["samples stopped 10 minutes ago: the end is not covered", samples(() => 0.07, { to: 10 }), "no-data"],
    ["a 5-minute gap in 1-minute samples", samples((m) => (m > 20 && m < 26 ? null : 0.07)).filter((s) => s.value !== null), "no-data"],
    ["NaN samples count as missing", samples((m) => (m > 20 && m < 26 ? null : 0.07)), "no-data"],
    ["a single sample cannot cover a window", [{ at: NOW, value: 0.07 }], "no-data"],
    ["no samples at all", [], "no-data"],
    ["coarser 5-minute samples cover the window as well", samples(() => 0.07, { step: 5 }), "holds"],
    ["one missing 5-minute sample (a 10-minute gap) is tolerated", samples(() => 0.07, { step: 5 }).filter((s) => s.at !== NOW - 30 * MIN), "holds"],
    ["samples outside the window are ignored", [...samples(() => 0.0, { from: 180, to: 61 }), ...samples(() => 0.07)], "holds"],
    ["duplicate timestamps do not shrink the inferred step", [...samples(() => 0.07, { step: 5 }), ...samples(() => 0.07, { step: 5 })], "holds"],
  ])("%s", (_name, s, expected) => {
    expect(holdsOver(BREACH, obs(s), HOUR, NOW)).toBe(expected);
  });

  it("a provider error is an error, never a verdict", () => {
    expect(holdsOver(BREACH, { samples: samples(() => 0.07), error: "timeout" }, HOUR, NOW)).toBe("error");
  });

  it("no observation at all is no data", () => {
    expect(holdsOver(BREACH, undefined, HOUR, NOW)).toBe("no-data");
  });

  it("reports the sample nearest to breaking the condition, and the latest", () => {
    const v = windowVerdict(HEALTHY, obs(samples((m) => (m === 30 ? 0.0009 : m === 0 ? 0.0002 : 0.0004))), HOUR, NOW);
    expect(v).toEqual({ result: "holds", value: 0.0009, latest: 0.0002 });
    expect(windowVerdict(BREACH, obs(samples((m) => (m === 7 ? 0.051 : 0.09))), HOUR, NOW)).toEqual({ result: "holds", value: 0.051, latest: 0.09 });
  });

  it("an infinite value is a value (a latency quantile can be +Inf), and breaks a `below`", () => {
    expect(holdsOver(HEALTHY, obs(samples((m) => (m === 3 ? Infinity : 0.0001))), HOUR, NOW)).toBe("does-not-hold");
  });
});
