// Judging gates (may we promote?) and rules (must we roll back or alert?) from observations.
// The asymmetry is deliberate: for promotion, not knowing is not passing (unless the plan says
// `no-data: pass`); for rollback and alerts, not knowing never acts. A provider error blocks a
// promotion and never triggers a rollback on its own.
import type { GateJudgement } from "../decisions.js";
import type { Duration, Facts, Gate, MetricObservation, Threshold } from "../model.js";
import { windowVerdict, type WindowResult } from "./holds-over.js";
import { metricKey, windowOf } from "./metric-requests.js";
import { formatValue, satisfies, thresholdText } from "./threshold.js";

export function judgeGate(gate: Gate, observation: MetricObservation | undefined, now: number): GateJudgement {
  const threshold = thresholdText(gate);
  const window = gate.for?.text ?? null;
  const base = { gate: gate.name, threshold, window };
  const noDataBlocks = gate.noData !== "pass";
  const policy = gate.noData === "pass" ? "passes anyway (no-data: pass)" : `promotion waits (no-data: ${gate.noData})`;

  if (observation === undefined) {
    return { ...base, status: "not-evaluated", blocks: noDataBlocks, value: null, message: `gate ${gate.name} was not evaluated (no metrics were supplied for it); ${policy}` };
  }
  if (observation.error !== null) {
    return { ...base, status: "error", blocks: true, value: null, message: `gate ${gate.name} could not be read (${oneLine(observation.error)}); promotion waits until the metrics provider answers` };
  }
  const verdict = conditionVerdict(gate, gate.for, observation, now);
  const value = verdict.value;
  const needs = window === null ? `needs ${threshold}` : `needs ${threshold} throughout the last ${window}`;
  if (verdict.result === "holds") {
    const seen = window === null ? `${show(value)} (needs ${threshold})` : `stayed ${threshold} over the last ${window} (worst ${show(value)})`;
    return { ...base, status: "pass", blocks: false, value, message: `gate ${gate.name} passes: ${seen}` };
  }
  if (verdict.result === "does-not-hold") {
    const seen = window === null ? `is ${show(value)}` : `reached ${show(value)} in the last ${window}`;
    return { ...base, status: "fail", blocks: true, value, message: `gate ${gate.name} ${seen}, ${needs}` };
  }
  const missing = window === null ? "has no data" : `has no data covering the last ${window}`;
  return { ...base, status: "no-data", blocks: noDataBlocks, value, message: `gate ${gate.name} ${missing}, ${needs}; ${policy}` };
}

export interface RuleVerdict {
  result: WindowResult;
  /** For a window, the sample closest to not holding (how sustained the breach was); else the latest. */
  value: number | null;
  /** The newest value seen. */
  latest: number | null;
}

/** Whether a rollback or alert rule holds now: over its whole `for:` window, or at the instant. */
export function judgeRule(rule: Threshold & { gate: string; for: Duration | null }, facts: Facts, now: number): RuleVerdict {
  const observation = facts.metrics[metricKey(rule.gate, windowOf(rule.for))];
  return conditionVerdict(rule, rule.for, observation, now);
}

function conditionVerdict(condition: Threshold, window: Duration | null, observation: MetricObservation | undefined, now: number): RuleVerdict {
  if (window !== null) {
    const v = windowVerdict(condition, observation, window.ms, now);
    return { result: v.result, value: v.worst, latest: v.latest };
  }
  if (observation === undefined) return { result: "no-data", value: null, latest: null };
  if (observation.error !== null) return { result: "error", value: null, latest: null };
  // The instant value is the newest sample; a NaN there is no data, not an old value.
  const newest = [...observation.samples].sort((a, b) => b.at - a.at)[0];
  const value = newest?.value ?? null;
  if (value === null || Number.isNaN(value)) return { result: "no-data", value: null, latest: null };
  return { result: satisfies(condition, value) ? "holds" : "does-not-hold", value, latest: value };
}

function show(value: number | null): string {
  return value === null ? "unknown" : formatValue(value);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
