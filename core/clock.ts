// What the clock does with one rollout on one run, decided from what the run knows: the event
// (a push, or a scheduled or manual run), whether the plan has a state file, and, for a plan
// without one, whether a state file existed once. The Action loads these facts and acts on the
// choice; the sentences in its report are rendered here from the same kinds.

export type ClockEventFacts =
  | { kind: "push"; ref: string; toDefaultBranch: boolean; planChanged: boolean }
  | { kind: "scheduled" };

export type ClockChoice =
  /** The push merged this plan: start it with the sign-offs of its pull request. */
  | { kind: "start-on-merge" }
  /** The push is to another branch, or does not change this plan: nothing to do. */
  | { kind: "stand"; reason: "push-elsewhere" | "plan-unchanged" }
  /** A started rollout: rollback rules, alerts, then at most one promotion. */
  | { kind: "tick" }
  /** A plan on the default branch without a state file: see `missedStart`. */
  | { kind: "missing-state" };

export function clockChoice(event: ClockEventFacts, hasStateFile: boolean): ClockChoice {
  if (event.kind === "push") {
    if (!event.toDefaultBranch) return { kind: "stand", reason: "push-elsewhere" };
    if (!event.planChanged) return { kind: "stand", reason: "plan-unchanged" };
    return { kind: "start-on-merge" };
  }
  return hasStateFile ? { kind: "tick" } : { kind: "missing-state" };
}

export type MissedStart =
  /** The push that merged the plan was never handled: start it as that push would have. */
  | { kind: "start" }
  /**
   * The state file existed and was deleted in `commit`. Restarting would drop a rollout that may
   * stand at 100% back to its first stage, so that is left to a person.
   */
  | { kind: "leave-deleted"; commit: string };

/** `deletedIn`: the newest commit on the default branch that touched the state file, if any. */
export function missedStart(deletedIn: string | null): MissedStart {
  return deletedIn === null ? { kind: "start" } : { kind: "leave-deleted", commit: deletedIn };
}

const short = (sha: string): string => sha.slice(0, 7);

/** Why the clock leaves a rollout as it stands, for the run's report. */
export function standingReason(choice: Extract<ClockChoice, { kind: "stand" }> | Extract<MissedStart, { kind: "leave-deleted" }>, where: { ref: string; defaultBranch: string; statePath: string }): string {
  if (choice.kind === "leave-deleted") {
    return `not started: its state file ${where.statePath} was deleted (commit ${short(choice.commit)}) and the clock does not restart a rollout by itself; restore the file, or push a change to the plan to start it again`;
  }
  if (choice.reason === "push-elsewhere") return `a push to ${where.ref} is not a push to the default branch ${where.defaultBranch}; nothing to start`;
  return "its plan is not changed by this push; scheduled runs move it";
}

