// What a scheduled run of the Action costs on GitHub, counted by the emulator: a run with
// nothing to do over 1 and over N rollouts (to separate the run's fixed cost from the cost of
// each rollout), and a run that promotes. The committed bundle runs as the runner runs it.
import { runAction, rolloutActions, type ActionRunResult } from "./action-process.js";
import { countCalls, type CallCount } from "./call-count.js";
import { at, healthyMetrics, startRolloutRepo, type RolloutRepo } from "./rollout-repo.js";

export interface ActionCount {
  operation: string;
  rollouts: number;
  count: CallCount;
  wallMs: number;
  /** PATCHes of tracking issues: must be 0 when nothing changed. */
  issueRewrites: number;
}

async function run(repo: RolloutRepo, hours: number, jitter: number): Promise<ActionRunResult> {
  const result = await runAction({ apiUrl: repo.emulator.baseUrl, repository: repo.repository, token: repo.token, now: at(hours), metricsValues: healthyMetrics(jitter) });
  if (result.code !== 0) throw new Error(`the Action failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

function counted(repo: RolloutRepo, operation: string, result: ActionRunResult, expected: string): ActionCount {
  const actions = rolloutActions(result.outputText);
  const wrong = actions.filter((a) => a.action !== expected);
  if (actions.length !== repo.names.length || wrong.length > 0) {
    throw new Error(`bench operation "${operation}" expected every rollout to report "${expected}", got: ${JSON.stringify(wrong.slice(0, 3))}`);
  }
  return countOf(repo, operation, result);
}

function countOf(repo: RolloutRepo, operation: string, result: ActionRunResult): ActionCount {
  const entries = repo.emulator.requests.all({ actor: `actions:${repo.repository}` });
  const issueRewrites = entries.filter((e) => e.route === "PATCH /repos/{owner}/{repo}/issues/{issue_number}").length;
  return { operation, rollouts: repo.names.length, count: countCalls(entries), wallMs: result.wallMs, issueRewrites };
}

/**
 * A scheduled run with nothing to do: the bake of every rollout has hours left. A first run an
 * hour earlier renders the tracking issues; the counted run comes an hour later, with gate values
 * that moved a little, as live metrics do: neither the hour nor the values change anything.
 */
export async function nothingToDo(rollouts: number): Promise<{ first: ActionCount; nothing: ActionCount }> {
  const repo = await startRolloutRepo(rollouts);
  try {
    const first = countOf(repo, "first scheduled run (renders every tracking issue)", await run(repo, 1, 0));
    repo.emulator.requests.reset();
    const result = await run(repo, 2, 3);
    return { first, nothing: counted(repo, "scheduled run, nothing to do", result, "none") };
  } finally {
    await repo.emulator.close();
  }
}

/** A scheduled run that promotes: the 24h bake of 10% has been served, inside business hours. */
export async function promotes(rollouts = 1): Promise<ActionCount> {
  const repo = await startRolloutRepo(rollouts);
  try {
    await run(repo, 1, 0);
    repo.emulator.requests.reset();
    const result = await run(repo, 25, 0);
    return counted(repo, "scheduled run that promotes", result, "promoted");
  } finally {
    await repo.emulator.close();
  }
}
