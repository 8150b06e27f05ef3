// The audit trail, newest first. Only the newest rows fit in an issue; the state file keeps all.
import type { HistoryEntry } from "../model.js";
import { row, text, when } from "./format.js";
import type { TrackingIssueView } from "./view.js";

export interface HistoryLimits {
  /** Rows shown; older entries are summarised in a note. */
  rows: number;
  reasonMax: number;
}

export function historyLines(view: TrackingIssueView, limits: HistoryLimits): string[] {
  const history = view.state?.history ?? [];
  const lines = ["### History", ""];
  if (history.length === 0) return [...lines, "_Nothing has happened yet._"];
  const shown = history.slice(Math.max(0, history.length - limits.rows)).reverse();
  if (shown.length > 0) {
    lines.push(row(["When", "Action", "From → To", "By", "Reason"]), row(["---", "---", "---", "---", "---"]));
    for (const entry of shown) lines.push(historyRow(entry, limits.reasonMax));
  }
  if (shown.length < history.length) {
    const where = `the state file ${text(view.plan.statePath)}`;
    const note = shown.length === 0 ? `_${history.length} entries are not shown, to keep this issue within GitHub's size limit; see ${where}._` : `_Showing the newest ${shown.length} of ${history.length} entries; see ${where} for all of them._`;
    lines.push("", note);
  }
  return lines;
}

function historyRow(entry: HistoryEntry, reasonMax: number): string {
  const move = entry.from === null && entry.to === null ? "—" : `${text(entry.from ?? "—")} → ${text(entry.to ?? "—")}`;
  // `by` is shown as text, not a mention: re-rendering the table must not notify everyone in it.
  return row([when(entry.at), text(entry.action), move, text(entry.by), text(entry.reason, { maxLength: reasonMax })]);
}
