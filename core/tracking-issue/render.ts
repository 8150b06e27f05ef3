// The tracking issue body: a projection of the plan, the committed state and the last
// evaluation, re-rendered whole on every change. Rendering is deterministic, so the App can
// skip the write when the body would not change.
import { checklistLines } from "./checklists.js";
import { text, when } from "./format.js";
import { gateLines } from "./gates-table.js";
import { historyLines } from "./history-table.js";
import { headerLines, nextPromotionLines } from "./summary.js";
import { timelineLines } from "./timeline-chart.js";
import type { TrackingIssueView } from "./view.js";

export type { TrackingIssueView } from "./view.js";
export { issueTitle } from "./summary.js";

/** The foot line starts with this, then the time of the rendering. */
export const STAMP_PREFIX = "<sub>Updated ";

/** GitHub refuses issue bodies longer than 65,536 characters; stay clearly below. */
export const MAX_BODY = 65_000;

interface Budget {
  historyRows: number;
  reasonMax: number;
  titleMax: number;
  chart: boolean;
}

// Tried in order until the body fits: the history gives way first (the state file keeps it
// all), then the chart, then long titles. Task items are never dropped while anything else can go.
const BUDGETS: Budget[] = [
  { historyRows: 50, reasonMax: 300, titleMax: 200, chart: true },
  { historyRows: 20, reasonMax: 120, titleMax: 200, chart: true },
  { historyRows: 0, reasonMax: 0, titleMax: 200, chart: true },
  { historyRows: 0, reasonMax: 0, titleMax: 200, chart: false },
  { historyRows: 0, reasonMax: 0, titleMax: 60, chart: false },
];

export function renderTrackingIssue(view: TrackingIssueView): string {
  let body = "";
  for (const budget of BUDGETS) {
    body = renderWith(view, budget);
    if (body.length <= MAX_BODY) return body;
  }
  return cut(body);
}

function renderWith(view: TrackingIssueView, budget: Budget): string {
  const sections = [
    headerLines(view),
    nextPromotionLines(view),
    checklistLines(view, { titleMax: budget.titleMax }),
    gateLines(view),
    historyLines(view, { rows: budget.historyRows, reasonMax: budget.reasonMax }),
  ];
  if (budget.chart) sections.push(timelineLines(view));
  else sections.push(["### Timeline", "", "_The chart is left out to keep this issue within GitHub's size limit._"]);
  sections.push([`${STAMP_PREFIX}${when(view.now.toISOString())} by stagegate from ${text(view.plan.path)}. Tick boxes here; other edits are overwritten.</sub>`]);
  return `${sections.map((lines) => lines.join("\n").trimEnd()).join("\n\n")}\n`;
}

/**
 * Last resort for a plan with more checklist text than an issue can hold: keep whole lines up to
 * the limit and say so. The chart is already gone, so no code block is left open, and every
 * item that is drawn is drawn whole.
 */
function cut(body: string): string {
  const note = "\n\n_This plan's checklists are too long for one issue: the rest is cut off. Shorten titles or split the plan._\n";
  const end = body.lastIndexOf("\n", MAX_BODY - note.length);
  return body.slice(0, end) + note;
}
