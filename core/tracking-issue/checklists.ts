// The sign-off and exit task lists. Each item carries a hidden marker with its key, so a tick
// is matched to its checklist item whatever else happens to the text around it.
import type { Approval, ChecklistItem } from "../model.js";
import { itemMarker, type ItemRef } from "../markdown/item-marker.js";
import { person, text, when } from "./format.js";
import { hasStarted, holdersOf } from "./summary.js";
import type { TrackingIssueView } from "./view.js";

/** Longest title shown, so one long title cannot crowd out the rest of the issue. */
export interface ChecklistLimits {
  titleMax: number;
}

export function checklistLines(view: TrackingIssueView, limits: ChecklistLimits): string[] {
  const { plan, state } = view;
  // While the plan PR is open, sign-offs live on its check runs; after the start, in the state file.
  const approvals = state === null ? view.signoffs : state.approvals;
  // The items due now name the people who hold their role; later stages' items name the role.
  const started = hasStarted(state);
  const due = (stage: string | null) => (stage === null ? !started : started && state.status !== "complete" && stage === state.stage);
  const who = (item: ChecklistItem, stage: string | null) => (due(stage) ? `_${text(item.role)}:_ ${holdersOf(view, item.role)}` : `_role: ${text(item.role)}_`);
  const lines = ["### Sign-off", ""];
  if (plan.signoff.length === 0) lines.push("_This plan has no sign-off checklist._");
  else {
    lines.push("Tick a box to sign off. Only people who hold the item's role can; any other tick is undone.", "");
    for (const item of plan.signoff) lines.push(itemLine(item, { kind: "signoff", id: item.id }, find(approvals, item.id, null), limits, who(item, null)));
  }
  lines.push("", "### Exit checklists", "");
  const stages = plan.stages.filter((s) => s.exit.length > 0);
  if (stages.length === 0) lines.push("_No stage has an exit checklist._");
  for (const stage of stages) {
    lines.push(`#### ${text(stage.name)} (${stage.percent}%)`, "");
    for (const item of stage.exit) lines.push(itemLine(item, { kind: "exit", stage: stage.name, id: item.id }, find(approvals, item.id, stage.name), limits, who(item, stage.name)));
    lines.push("");
  }
  return lines;
}

/** The latest approval of an item: a withdrawn and re-given tick shows who ticked last. */
function find(approvals: Approval[], item: string, stage: string | null): Approval | undefined {
  return approvals.findLast((a) => a.item === item && a.stage === stage);
}

/** `- [x] Title <!-- stagegate:item … --> — ✅ @quinn · 2026-11-30 16:02 UTC`, or `… — _qa-lead:_ @quinn` while unticked. */
function itemLine(item: ChecklistItem, ref: ItemRef, approval: Approval | undefined, limits: ChecklistLimits, pending: string): string {
  const title = text(item.title, { maxLength: limits.titleMax });
  const who = approval === undefined ? pending : `✅ ${person(approval.by)} · ${when(approval.at)}`;
  return `- [${approval === undefined ? " " : "x"}] ${title} ${itemMarker(ref)} — ${who}`;
}
