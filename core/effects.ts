// Decisions are data. A pure step returns the next state, the effects to apply and a structured
// outcome; app/ and action/ hand the effects to the one applier in runtime/, in order, and
// nothing else decides anything.
import type { Blocker } from "./decisions.js";
import type { HistoryAction, RolloutState, Status } from "./model.js";

export type Effect =
  /** Write the step's next state to the plan's state file, as one commit with this message. */
  | { type: "commit-state"; message: string }
  /** Re-render the tracking issue from the committed state. */
  | { type: "render-issue" }
  /**
   * Comment on the tracking issue. `body` is final Markdown (user text already escaped). `key`:
   * the comment announces the history entry with that key (core/announcements.ts), and carries it.
   */
  | { type: "comment"; body: string; key?: string };

/**
 * Why a step did nothing, as a kind with its fields: callers branch on `kind`, never on the
 * wording of `message`. `blockers` lists what holds a start or a promotion back (empty for the
 * other kinds).
 */
export type Refusal =
  | { kind: "blocked"; blockers: Blocker[] }
  | { kind: "not-started" }
  | { kind: "paused-before-start" }
  | { kind: "already-started"; status: Status }
  | { kind: "no-stages" }
  | { kind: "already-approved"; by: string; at: string }
  | { kind: "not-approved" }
  | { kind: "unknown-item"; item: string; stage: string | null }
  | { kind: "unknown-target" }
  | { kind: "target-above" }
  | { kind: "already-rolled-back" }
  | { kind: "already-paused" }
  | { kind: "complete" }
  | { kind: "not-paused"; status: Status }
  | { kind: "nothing-to-do"; status: Status };

/** What a step did, or why it did nothing; `message` is rendered from the rest for people. */
export type Outcome =
  | { done: true; action: HistoryAction; message: string }
  | { done: false; refusal: Refusal; message: string };

export interface StepResult {
  state: RolloutState;
  effects: Effect[];
  outcome: Outcome;
}
