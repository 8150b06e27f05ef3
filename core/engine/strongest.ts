// Which of several things one step did is the one to report. One evaluation may alert and
// promote at once, and the Action's output should say it promoted.
import type { Outcome } from "../effects.js";
import type { HistoryAction, RolloutState } from "../model.js";

/** Strongest first: a rollback outweighs everything, an alert only what changes nothing. */
const STRENGTH: readonly HistoryAction[] = ["rollback", "complete", "force-promote", "promote", "start", "alert", "alert-resolved"];

/** The strongest action among the history entries the step appended; else the outcome's own. */
export function strongestAction(before: RolloutState, after: RolloutState, outcome: Outcome): HistoryAction | null {
  const added = new Set(after.history.slice(before.history.length).map((h) => h.action));
  return STRENGTH.find((a) => added.has(a)) ?? (outcome.done ? outcome.action : null);
}
