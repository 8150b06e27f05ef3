// Health gates as the last evaluation saw them. Gates the clock has not judged yet still get a
// row, so readers see every condition the plan sets.
import type { GateJudgement } from "../decisions.js";
import { formatValue, thresholdText } from "../gates.js";
import { row, text } from "./format.js";
import type { TrackingIssueView } from "./view.js";

const STATUS: Record<GateJudgement["status"], string> = {
  pass: "✅ pass",
  fail: "❌ fail",
  "no-data": "⚪ no data",
  error: "⚠️ error",
  "not-evaluated": "➖ not evaluated",
};

export const GATES_HEADING = "### Health gates";

export function gateLines(view: TrackingIssueView): string[] {
  const { plan, eligibility } = view;
  const lines = [GATES_HEADING, ""];
  if (plan.gates.length === 0) return [...lines, "_This plan has no health gates._"];
  lines.push(row(["Gate", "Value", "Threshold", "Window", "Status"]), row(["---", "---:", "---", "---", "---"]));
  for (const gate of plan.gates) {
    const judged = eligibility?.gates.find((g) => g.gate === gate.name);
    const value = judged?.value == null ? "—" : formatValue(judged.value);
    const status = judged === undefined ? STATUS["not-evaluated"] : `${STATUS[judged.status]}${judged.blocks ? " · holds promotion" : ""}`;
    const window = judged?.window ?? gate.for?.text ?? null;
    lines.push(row([text(gate.name), value, text(judged?.threshold ?? thresholdText(gate)), window === null ? "—" : text(window), status]));
  }
  // Values move on every run; rewriting the issue for each would notify nobody and cost an edit
  // per rollout per run. See substance.ts: only a change of status rewrites it.
  if (eligibility !== null) lines.push("", "_Values as of the update time at the foot of this issue; the issue is rewritten when a status changes, not for every new value._");
  return lines;
}
