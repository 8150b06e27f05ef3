// Decisions are data. A pure step returns the next state and a list of these; app/ and action/
// apply them through the GitHub port, in order, and nothing else decides anything.
import type { HistoryAction, RolloutState } from "./model.js";

export type Effect =
  /** Write the step's next state to the plan's state file, as one commit with this message. */
  | { type: "commit-state"; message: string }
  /** Re-render the tracking issue from the committed state. */
  | { type: "render-issue" }
  /** Comment on the tracking issue. `body` is final Markdown (user text already escaped). */
  | { type: "comment"; body: string };

/** What a step did, or why it did nothing, in words a person can act on. */
export type Outcome =
  | { done: true; action: HistoryAction; message: string }
  | { done: false; message: string };

export interface StepResult {
  state: RolloutState;
  effects: Effect[];
  outcome: Outcome;
}
