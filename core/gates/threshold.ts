// Conditions on a metric value. `below: x` holds when the value is strictly less than x and
// `above: x` when strictly greater: a gate `below: 0.001` fails at exactly 0.001, and a rollback
// rule `above: 0.05` does not fire at exactly 0.05.
import type { Threshold } from "../model.js";

/**
 * How far inside the condition a value is: positive when it holds, zero or negative when not.
 * With both bounds set (a band), the nearer edge counts. Lets a window pick its worst sample
 * the same way for every kind of condition.
 */
export function margin(condition: Threshold, value: number): number {
  let m = Number.POSITIVE_INFINITY;
  if (condition.below !== null) m = Math.min(m, condition.below - value);
  if (condition.above !== null) m = Math.min(m, value - condition.above);
  return m;
}

export function satisfies(condition: Threshold, value: number): boolean {
  return margin(condition, value) > 0;
}

/** The condition as people read it: `< 0.001`, `> 0.05`, or `> 1 and < 2`. */
export function thresholdText(condition: Threshold): string {
  const parts: string[] = [];
  if (condition.above !== null) parts.push(`> ${condition.above}`);
  if (condition.below !== null) parts.push(`< ${condition.below}`);
  return parts.join(" and ");
}

/** A metric value for a message: four significant digits are plenty to compare with a threshold. */
export function formatValue(value: number): string {
  return String(Number(value.toPrecision(4)));
}
