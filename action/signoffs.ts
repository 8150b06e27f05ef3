// The sign-offs a plan collected before it merged. While the plan PR is open, the App records
// each verified tick as a completed `stagegate / <title>` check run on the PR head (only the App
// can write its own check runs); when the PR merges, the Action carries them into the state file.
import type { Approval, Plan } from "../core/model.js";
import type { CheckRunData, GitHubPort, PullRequestData } from "../port/github-port.js";

/** The "GitHub Actions" app: any workflow can post a check run under it, so it proves nothing. */
export const GITHUB_ACTIONS_APP_ID = 15368;

const LOGIN = /@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/;
const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/;

/**
 * Who signed and when, from the run's output. The App writes a line such as
 * `Signed off by @quinn at 2026-11-30T16:02:11Z`; the first mention and the first UTC instant
 * are taken. A run without a login cannot become an approval (nobody to record).
 */
function signer(run: CheckRunData, fallbackAt: string): { by: string; at: string } | null {
  const text = [run.output.summary, run.output.text, run.output.title].filter((t): t is string => typeof t === "string").join("\n");
  const by = LOGIN.exec(text)?.[1];
  if (by === undefined) return null;
  const at = INSTANT.exec(text)?.[0];
  return { by, at: at === undefined ? fallbackAt : new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

/**
 * Approvals of the plan's sign-off items found among check runs. Only successful runs count,
 * only those the App created (never the GitHub Actions app), only ids the plan has, each once.
 */
export function signoffsFromCheckRuns(plan: Plan, runs: CheckRunData[], now: Date): Approval[] {
  const ids = new Set(plan.signoff.map((item) => item.id));
  const fallbackAt = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const approvals = new Map<string, Approval>();
  for (const run of runs) {
    if (run.status !== "completed" || run.conclusion !== "success") continue;
    if (run.appId === null || run.appId === GITHUB_ACTIONS_APP_ID) continue;
    const id = run.externalId?.startsWith("signoff/") ? run.externalId.slice("signoff/".length) : null;
    if (id === null || !ids.has(id) || approvals.has(id)) continue;
    const who = signer(run, fallbackAt);
    if (who !== null) approvals.set(id, { item: id, stage: null, by: who.by, at: who.at });
  }
  // In the plan's order, whatever order GitHub listed the runs in: the state file reads like the plan.
  return plan.signoff.flatMap((item) => approvals.get(item.id) ?? []);
}

/** The pull request a push merged into the default branch, if the pushed commit came from one. */
export async function mergedPullRequest(port: GitHubPort, sha: string, defaultBranch: string): Promise<PullRequestData | null> {
  const pulls = await port.listPullRequestsForCommit(sha);
  return pulls.find((p) => p.merged && p.baseRef === defaultBranch) ?? null;
}

/** The check runs on the head of the pull request that `sha` merged (none for a direct push). */
export async function mergedPullCheckRuns(port: GitHubPort, sha: string, defaultBranch: string): Promise<{ pullRequest: number | null; runs: CheckRunData[] }> {
  const pull = await mergedPullRequest(port, sha, defaultBranch);
  if (pull === null) return { pullRequest: null, runs: [] };
  return { pullRequest: pull.number, runs: await port.listCheckRuns(pull.headSha) };
}
