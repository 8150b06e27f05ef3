// Everything an engine step about one rollout needs, read fresh: the settings and the plan from
// the default branch, the state file with its sha, the metric facts for the plan's gates, and
// the time. applyStep calls this again after a conflict, so a retried step decides on what is
// committed now, never on what was read before someone else's commit.
import { metricRequests } from "../core/gates.js";
import { NO_FACTS, type Facts, type Plan, type Settings } from "../core/model.js";
import { planName } from "../core/parse-plan.js";
import { handEditOf } from "../core/state/hand-edit.js";
import { fail, ok, type Problem, type Result } from "../core/result.js";
import { noMetricsProvider, type MetricsProvider } from "../metrics/provider.js";
import type { GitHubPort } from "../port/github-port.js";
import type { StepInputs } from "./apply-step.js";
import { withTeamsRechecked } from "./team-recheck.js";
import { isPlanPath, loadRollout, loadSettings, PLANS_DIR, type LoadedRollout, type LoadOptions } from "./load-repo-config.js";

export interface RolloutSources extends LoadOptions {
  port: GitHubPort;
  now: () => Date;
  /** The metrics source for a repository's settings; none by default (gates not evaluated). */
  metrics?: (settings: Settings) => MetricsProvider;
}

/** The plan file of a rollout on a ref, or null when there is none. */
export async function findPlanPath(port: GitHubPort, rollout: string, ref: string): Promise<string | null> {
  const files = await port.listFiles(PLANS_DIR, ref);
  return files.map((f) => f.path).find((path) => isPlanPath(path) && planName(path) === rollout) ?? null;
}

export async function observeFacts(provider: MetricsProvider, plan: Plan, now: Date): Promise<Facts> {
  const requests = metricRequests(plan);
  if (requests.length === 0) return NO_FACTS;
  return { metrics: await provider.observe(requests, now) };
}

export interface LoadedOnDefaultBranch {
  defaultBranch: string;
  settings: Result<Settings>;
  rollout: LoadedRollout | null;
}

/** The rollout as the default branch has it (null when its plan is not there). */
export async function loadFromDefaultBranch(sources: RolloutSources, rollout: string): Promise<LoadedOnDefaultBranch> {
  const { port } = sources;
  const defaultBranch = await port.defaultBranch();
  const [{ settings }, planPath] = await Promise.all([loadSettings(port, defaultBranch, sources), findPlanPath(port, rollout, defaultBranch)]);
  if (planPath === null) return { defaultBranch, settings, rollout: null };
  return { defaultBranch, settings, rollout: await loadRollout(port, planPath, defaultBranch, defaultBranch, settings) };
}

/**
 * Step inputs for a started rollout. Fails, with messages a person can act on, when the settings,
 * the plan or the state file cannot be read, or when the rollout has no state file yet.
 */
export async function loadStepInputs(sources: RolloutSources, rollout: string, options: { facts?: boolean } = {}): Promise<Result<StepInputs>> {
  return stepInputsFrom(sources, await loadFromDefaultBranch(sources, rollout), rollout, options);
}

/** The metric facts for a plan's gates, from the metrics source its settings name. */
export function factsFor(sources: RolloutSources, settings: Settings, plan: Plan, now: Date): Promise<Facts> {
  return observeFacts((sources.metrics ?? (() => noMetricsProvider))(settings), plan, now);
}

/** Step inputs from what was already read (see loadStepInputs), without reading it again. */
export async function stepInputsFrom(sources: RolloutSources, loaded: LoadedOnDefaultBranch, rollout: string, options: { facts?: boolean } = {}): Promise<Result<StepInputs>> {
  const problems: Problem[] = [];
  if (!loaded.settings.ok) problems.push(...loaded.settings.problems);
  const r = loaded.rollout;
  if (r === null) {
    problems.push({ file: `${PLANS_DIR}/${rollout}.yml`, line: 1, col: 1, message: `the plan of ${rollout} is not on the default branch ${loaded.defaultBranch} (is its pull request merged?)` });
    return fail(problems);
  }
  if (!r.plan.ok) problems.push(...r.plan.problems);
  if (r.stateFile === null) {
    problems.push({ file: r.statePath, line: 1, col: 1, message: `the rollout ${rollout} has not started: its state file does not exist yet (the Action creates it once the plan is merged)` });
  } else if (!r.stateFile.state.ok) {
    problems.push(...r.stateFile.state.problems);
  } else if (r.stateFile.state.value.rollout !== rollout) {
    // Defence in depth: a state file is only ever written for the rollout it names.
    problems.push({ file: r.stateFile.path, line: 1, col: 1, message: `${r.stateFile.path} is the state file of the rollout ${r.stateFile.state.value.rollout}, not of ${rollout}: it is not written over; give ${rollout} its own state:` });
  }
  if (problems.length > 0 || !loaded.settings.ok || !r.plan.ok || r.stateFile === null || !r.stateFile.state.ok) return fail(problems);

  const now = sources.now();
  const facts = options.facts === false ? NO_FACTS : await factsFor(sources, loaded.settings.value, r.plan.value, now);
  // Just before a promotion could be decided, the teams it counts on are read again.
  const inputs: StepInputs = {
    defaultBranch: loaded.defaultBranch,
    settings: loaded.settings.value,
    plan: r.plan.value,
    state: r.stateFile.state.value,
    stateFile: { path: r.stateFile.path, text: r.stateFile.text, sha: r.stateFile.sha },
    facts,
    now,
    handEdit: handEditOf(r.stateLastCommit ?? null),
  };
  return ok(await withTeamsRechecked(sources.port, inputs));
}
