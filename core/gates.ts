// Gates: what the core asks the metrics provider for, and how it judges the answers.
// The pieces live in core/gates/; this module is the one place the Action and the engine import.
export { metricKey, metricRequests } from "./gates/metric-requests.js";
export { holdsOver, windowVerdict, type WindowResult, type WindowVerdict } from "./gates/holds-over.js";
export { judgeGate, judgeRule, type RuleVerdict } from "./gates/judge-gate.js";
export { formatValue, satisfies, thresholdText } from "./gates/threshold.js";

/**
 * The spacing providers should sample range queries at. The judgement does not depend on it
 * (it infers the step from the samples, see core/gates/holds-over.ts), but a minute matches the
 * smallest duration a plan can write and keeps a week-long window under Prometheus's 11,000
 * points per series.
 */
export const SAMPLE_STEP_MS = 60_000;
