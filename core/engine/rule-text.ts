// Rollback and alert rules in words: which rule, what value, over which window.
import { formatValue, thresholdText } from "../gates/threshold.js";
import type { AlertRule } from "../model.js";

type Rule = Pick<AlertRule, "gate" | "below" | "above" | "for">;
/** What a verdict with samples knows (see RuleVerdict). */
type Seen = { value: number; latest: number };

/** `error-rate > 0.01` or `error-rate > 0.01 for 15m`. */
export function conditionText(rule: Rule): string {
  return `${rule.gate} ${thresholdText(rule)}${rule.for === null ? "" : ` for ${rule.for.text}`}`;
}

/** `error-rate is 0.012` or `error-rate stayed > 0.01 over the last 15m (lowest 0.012, latest 0.02)`. */
export function observed(rule: Rule, seen: Seen): string {
  if (rule.for === null) return `${rule.gate} is ${formatValue(seen.value)}`;
  return `${rule.gate} stayed ${thresholdText(rule)} over the last ${rule.for.text} (${nearestWord(rule)} ${formatValue(seen.value)}, latest ${formatValue(seen.latest)})`;
}

/** `lowest 0.06 over the last 1h, latest 0.07` or `value 0.07`: why a rule was judged to hold. */
export function evidence(rule: Rule, seen: Seen): string {
  if (rule.for === null) return `value ${formatValue(seen.value)}`;
  return `${nearestWord(rule)} ${formatValue(seen.value)} over the last ${rule.for.text}, latest ${formatValue(seen.latest)}`;
}

/** Which end of a window's samples shows how sustained it was: the one nearest the bound. */
function nearestWord(rule: Rule): string {
  if (rule.below === null) return "lowest";
  if (rule.above === null) return "highest";
  return "nearest the bound";
}
