// The vocabulary of explanations. Every "no" the engine gives carries these, so `/promote`,
// the tracking issue, the job summary and the CLI can all say exactly what is missing.
import type { ChecklistItem } from "./model.js";

export interface GateJudgement {
  gate: string;
  /** not-evaluated: no observation was supplied (e.g. no provider configured). */
  status: "pass" | "fail" | "no-data" | "error" | "not-evaluated";
  /** Whether this judgement holds promotion back (no-data follows the gate's `no-data`). */
  blocks: boolean;
  /** The value the decision used (the latest sample, or the worst sample of a window). */
  value: number | null;
  /** The condition as text, e.g. `< 0.001`. */
  threshold: string;
  /** The window as written (`1h`) for `for:` conditions, else null. */
  window: string | null;
  /** One line a person can act on. */
  message: string;
}

export interface PendingItem extends ChecklistItem {
  /** null for sign-off items, else the stage whose exit list holds the item. */
  stage: string | null;
}

export type Blocker =
  | { kind: "status"; message: string }
  | { kind: "last-stage"; message: string }
  | { kind: "items"; items: PendingItem[]; message: string }
  | { kind: "bake"; until: string; remainingMs: number; business: boolean; message: string }
  | { kind: "gate"; judgement: GateJudgement; message: string }
  | { kind: "calendar"; reason: "business-hours" | "freeze"; opensAt: string | null; message: string }
  /** The state file's last change was not stagegate's (core/state/hand-edit.ts). */
  | { kind: "hand-edit"; commit: string; author: string | null; message: string }
  /**
   * A recorded approval that no longer counts: its approver is not (any longer) listed for the
   * item's role on the default branch, nor an active member of any of the role's `teams` (the
   * teams that were re-read and did not have them; empty when the role lists users only).
   */
  | { kind: "role-lapsed"; item: string; stage: string | null; role: string; by: string; teams: string[]; message: string };

export interface Eligibility {
  eligible: boolean;
  /** The stage a promotion would enter (the first stage before the start); null at the last stage. */
  next: { name: string; percent: number } | null;
  blockers: Blocker[];
  /**
   * The earliest instant a promotion could happen as far as timers and the calendar go
   * (items and gates aside), ISO-8601 UTC; null when there is no next stage, no open time, or
   * no timer running (a rolled-back stage's bake restarts only with `/resume`).
   */
  earliest: string | null;
  gates: GateJudgement[];
}

/** A metric query the core needs answered; the provider returns a MetricObservation per key. */
export interface MetricRequest {
  key: string;
  gate: string;
  query: string | null;
  /** null: an instant query at `now`; else a range query over [now - windowMs, now]. */
  windowMs: number | null;
}
