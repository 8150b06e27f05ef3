import type { Eligibility } from "../decisions.js";
import type { Approval, Plan, RolloutState, Settings } from "../model.js";

/** Everything the tracking issue shows. The App gathers it; rendering reads nothing else. */
export interface TrackingIssueView {
  plan: Plan;
  settings: Settings;
  /** null while the plan PR is open and no state file is committed yet. */
  state: RolloutState | null;
  /** Sign-offs recorded on the PR's check runs; used only while `state` is null. */
  signoffs: Approval[];
  /** null when it has not been computed (e.g. before the first clock run). */
  eligibility: Eligibility | null;
  now: Date;
  /** The plan PR, while it is open. */
  pullRequest?: number;
  /**
   * The repository's web address (`https://github.com/acme/music`), for links to the plan and
   * state files; without it they are relative to the issue's own page, which GitHub resolves.
   */
  repoUrl?: string;
}
