// The sign-offs a plan collected before it merged. While the plan PR is open, the App records
// each verified tick as a `stagegate / <title>` check run on the PR head, with a hidden record of
// who signed and when (only the App can write its own check runs). When the PR merges, the Action
// carries them into the state file, reading the runs with the reader the App shares.
import type { Approval, Plan } from "../core/model.js";
import type { CheckRunData, GitHubPort, PullRequestData } from "../port/github-port.js";
import { appsRecordingSignoffs, approvalsOf, signoffRuns } from "../runtime/signoffs.js";

/** The "GitHub Actions" app: any workflow can post a check run under it, so it proves nothing. */
const GITHUB_ACTIONS_APP_ID = 15368;

export interface CarriedSignoffs {
  signoffs: Approval[];
  /** Set when runs were found but could not be trusted; says what to do instead. */
  note: string | null;
}

/**
 * Approvals of the plan's sign-off items among the head's check runs. The Action does not know
 * the App's id, so it accepts the runs of the one app (never GitHub Actions) that recorded
 * sign-offs of this rollout; if several apps claim to, it trusts none of them and says so.
 */
export function signoffsFromCheckRuns(plan: Plan, runs: CheckRunData[]): CarriedSignoffs {
  const claiming = appsRecordingSignoffs(runs, plan.name, GITHUB_ACTIONS_APP_ID);
  if (claiming.length === 0) return { signoffs: [], note: null };
  if (claiming.length > 1) {
    return {
      signoffs: [],
      note: `sign-off check runs of ${plan.name} come from several apps (ids ${claiming.join(", ")}), so none was carried over; tick the items again in the tracking issue`,
    };
  }
  const approvals = approvalsOf(signoffRuns(runs, claiming[0] as number, plan.name));
  // In the plan's order, whatever order GitHub listed the runs in: the state file reads like the plan.
  return { signoffs: plan.signoff.flatMap((item) => approvals.filter((a) => a.item === item.id).slice(0, 1)), note: null };
}

/** The pull request a push merged into the default branch, if the pushed commit came from one. */
async function mergedPullRequest(port: GitHubPort, sha: string, defaultBranch: string): Promise<PullRequestData | null> {
  const pulls = await port.listPullRequestsForCommit(sha);
  return pulls.find((p) => p.merged && p.baseRef === defaultBranch) ?? null;
}

/** The check runs on the head of the pull request that `sha` merged (none for a direct push). */
export async function mergedPullCheckRuns(port: GitHubPort, sha: string, defaultBranch: string): Promise<{ pullRequest: number | null; runs: CheckRunData[] }> {
  const pull = await mergedPullRequest(port, sha, defaultBranch);
  if (pull === null) return { pullRequest: null, runs: [] };
  return { pullRequest: pull.number, runs: await port.listCheckRuns(pull.headSha) };
}

export interface PlanPullRequest {
  /** The newest commit on the default branch that changed the plan; null when none did. */
  commit: string | null;
  /** The merged pull request that commit belongs to; null for a direct push. */
  pullRequest: number | null;
  runs: CheckRunData[];
}

/**
 * The check runs of the pull request that last changed a plan on the default branch: what the
 * push that merged it would have read, found again from the committed history when that push
 * was never handled.
 */
export async function lastPlanPullCheckRuns(port: GitHubPort, planPath: string, defaultBranch: string): Promise<PlanPullRequest> {
  const commit = (await port.lastCommitTouching(planPath, defaultBranch))?.sha ?? null;
  if (commit === null) return { commit: null, pullRequest: null, runs: [] };
  return { commit, ...(await mergedPullCheckRuns(port, commit, defaultBranch)) };
}
