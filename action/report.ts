// What one run of the Action did, as data: main.ts fills it in, and the outputs, the job summary
// and the log are all drawn from it, so they can never tell different stories.
import type { Eligibility } from "../core/decisions.js";
import type { HistoryAction, Plan, RolloutState, Settings } from "../core/model.js";
import type { Problem } from "../core/result.js";
import type { RecordedWrite } from "../runtime/write-recorder.js";
import type { RolloutAction, RolloutOutput } from "./io.js";

export interface RolloutReport {
  name: string;
  /** The plan file, for annotations and links. */
  planPath: string;
  plan: Plan | null;
  state: RolloutState | null;
  action: RolloutAction;
  /** One sentence: what was done and why, or why nothing was. */
  reason: string;
  eligibility: Eligibility | null;
  /** Every write the run made for this rollout (in dry-run: would make), in order. */
  writes: RecordedWrite[];
  problems: Problem[];
  /** Said as a warning in the log and the run's annotations, e.g. why a merged plan did not start. */
  warning?: string;
  /** Said as notices and in the job summary, e.g. which teams the token could not re-check. */
  notes?: string[];
}

export interface RunReport {
  event: string;
  now: Date;
  dryRun: boolean;
  settings: Settings | null;
  rollouts: RolloutReport[];
  /** Problems that are not any one plan's: the settings file, a missing folder. */
  problems: Problem[];
}

/** The history action a step recorded, as the `action` output names it. */
export function actionTaken(done: HistoryAction | null): RolloutAction {
  switch (done) {
    case "start":
      return "started";
    case "promote":
    case "force-promote":
    case "complete":
      return "promoted";
    case "rollback":
      return "rolled-back";
    case "alert":
    case "alert-resolved":
      return "alerted";
    default:
      return "none";
  }
}

export function rolloutOutput(report: RolloutReport): RolloutOutput {
  return {
    name: report.name,
    stage: report.state?.stage ?? null,
    percent: report.state?.percent ?? null,
    status: report.state?.status ?? null,
    action: report.action,
    reason: report.reason,
    "next-eligible": report.eligibility?.earliest ?? null,
  };
}

/** True when the run committed something (never in dry-run: nothing is applied). */
export function changedAnything(run: RunReport): boolean {
  return !run.dryRun && run.rollouts.some((r) => r.plan !== null && committedState(r.writes, r.plan.statePath));
}

/** Whether the writes include a commit of the rollout's state file. */
export function committedState(writes: RecordedWrite[], statePath: string): boolean {
  return writes.some(({ write }) => write.kind === "commit-file" && write.path === statePath);
}
