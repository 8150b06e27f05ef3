// What a scheduled run of the Action costs on GitHub, counted by the emulator: a run with
// nothing to do over 1 and over N rollouts (to separate the run's fixed cost from the cost of
// each rollout), and a run that promotes. The committed bundle runs as the runner runs it.
import { runAction, rolloutActions, type ActionRunResult } from "./action-process.js";
import { countCalls, type CallCount } from "./call-count.js";
import { at, healthyMetrics, startRolloutRepo, type RolloutRepo } from "./rollout-repo.js";
import { seedTrackingIssues } from "./seed-issues.js";

export interface ActionCount {
  operation: string;
  rollouts: number;
  count: CallCount;
  wallMs: number;
  /** PATCHes of tracking issues: must be 0 when nothing changed. */
  issueRewrites: number;
  /** GraphQL points charged (GitHub's hourly GraphQL budget counts these, not requests). */
  graphqlPoints: number;
  /** The most requests the run had in flight at once (GitHub allows 100 per token). */
  peakInFlight: number;
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
  const actor = `actions:${repo.repository}`;
  return { operation, rollouts: repo.names.length, count: countCalls(entries), wallMs: result.wallMs, issueRewrites, graphqlPoints: repo.emulator.limits.graphql(actor).used, peakInFlight: repo.emulator.limits.peakInFlight };
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
    // A new hour of the workflow token's budget, as the next scheduled run would have.
    repo.emulator.clock.advance(3_600_000);
    repo.emulator.limits.peakInFlight = 0;
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

export interface ScaleRun extends ActionCount {
  /** Peak resident memory of the Action's process, MB. */
  maxRssMb: number;
  /** The rollout whose plan is broken, and what the run said of it. */
  broken: { name: string; action: string; reason: string };
  /** Rollouts other than the broken one that reported anything but "none". */
  disturbed: number;
}

/**
 * One scheduled run over `rollouts` rollouts with nothing to do, one of them with a plan that
 * does not parse: it must be reported on its own and leave the others to run. The tracking issues
 * are there already (seed-issues.ts).
 */
export async function scaleRun(rollouts: number): Promise<ScaleRun> {
  const brokenAt = Math.ceil(rollouts / 2);
  const repo = await startRolloutRepo(rollouts, { broken: [brokenAt] });
  try {
    const metrics = healthyMetrics(3);
    await seedTrackingIssues(repo, repo.files, new Date(at(2)), metrics);
    repo.emulator.requests.reset();
    const result = await runAction({ apiUrl: repo.emulator.baseUrl, repository: repo.repository, token: repo.token, now: at(2), metricsValues: metrics, measureMemory: true });
    const actions = rolloutActions(result.outputText);
    const brokenName = repo.names[brokenAt - 1] ?? "";
    const broken = actions.find((a) => a.name === brokenName);
    if (actions.length !== rollouts || broken === undefined) throw new Error(`the ${rollouts}-rollout run reported ${actions.length} rollouts (exit ${result.code}):\n${result.stderr.slice(-2000)}`);
    const disturbed = actions.filter((a) => a !== broken && a.action !== "none").length;
    return { ...countOf(repo, `scheduled run over ${rollouts} rollouts, one plan broken`, result), maxRssMb: result.maxRssMb ?? Number.NaN, broken, disturbed };
  } finally {
    await repo.emulator.close();
  }
}
