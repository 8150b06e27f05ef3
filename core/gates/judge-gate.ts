// Judging gates (may we promote?) and rules (must we roll back or alert?) from observations.
// The asymmetry is deliberate: for promotion, not knowing is not passing (unless the plan says
// `no-data: pass`); for rollback and alerts, not knowing never acts. A provider error blocks a
// promotion and never triggers a rollback on its own.
import type { GateJudgement } from "../decisions.js";
import type { Duration, Facts, Gate, MetricObservation, Threshold } from "../model.js";
import { windowVerdict, type WindowVerdict } from "./holds-over.js";
import { metricKey, windowOf } from "./metric-requests.js";
import { formatValue, satisfies, thresholdText } from "./threshold.js";
import { oneLine } from "../text.js";

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
  const needs = window === null ? `needs ${threshold}` : `needs ${threshold} throughout the last ${window}`;
  if (verdict.result === "holds") {
    const value = formatValue(verdict.value);
    const seen = window === null ? `${value} (needs ${threshold})` : `stayed ${threshold} over the last ${window} (worst ${value})`;
    return { ...base, status: "pass", blocks: false, value: verdict.value, message: `gate ${gate.name} passes: ${seen}` };
  }
  if (verdict.result === "does-not-hold") {
    const value = formatValue(verdict.value);
    const seen = window === null ? `is ${value}` : `reached ${value} in the last ${window}`;
    return { ...base, status: "fail", blocks: true, value: verdict.value, message: `gate ${gate.name} ${seen}, ${needs}` };
  }
  const missing = window === null ? "has no data" : `has no data covering the last ${window}`;
  return { ...base, status: "no-data", blocks: noDataBlocks, value: verdict.value, message: `gate ${gate.name} ${missing}, ${needs}; ${policy}` };
}

/** A window's verdict (see holds-over.ts); for an instant, `value` and `latest` are the newest value. */
export type RuleVerdict = WindowVerdict;

/** Whether a rollback or alert rule holds now: over its whole `for:` window, or at the instant. */
export function judgeRule(rule: Threshold & { gate: string; for: Duration | null }, facts: Facts, now: number): RuleVerdict {
  const observation = facts.metrics[metricKey(rule.gate, windowOf(rule.for))];
  return conditionVerdict(rule, rule.for, observation, now);
}

function conditionVerdict(condition: Threshold, window: Duration | null, observation: MetricObservation | undefined, now: number): RuleVerdict {
  if (window !== null) {
    return windowVerdict(condition, observation, window.ms, now);
  }
  if (observation === undefined) return { result: "no-data", value: null, latest: null };
  if (observation.error !== null) return { result: "error", value: null, latest: null };
  // The instant value is the newest sample; a NaN there is no data, not an old value.
  const newest = [...observation.samples].sort((a, b) => b.at - a.at)[0];
  const value = newest?.value ?? null;
  if (value === null || Number.isNaN(value)) return { result: "no-data", value: null, latest: null };
  return { result: satisfies(condition, value) ? "holds" : "does-not-hold", value, latest: value };
}
