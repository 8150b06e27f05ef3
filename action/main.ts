// The clock. On a push to the default branch it starts the rollouts whose plans just merged; on
// `schedule` and `workflow_dispatch` it ticks every rollout (rollback rules, then alerts, then at
// most one promotion), and starts any plan on the default branch that has no state file yet,
// as the missed push would have. Each rollout is handled on its own: a broken plan is reported on
// its lines and skipped, the others still run, and the step fails at the end so it is not missed.
import * as core from "@actions/core";
import { clockChoice, missedStart, standingReason, type ClockEventFacts } from "../core/clock.js";
import { eligibility } from "../core/engine/index.js";
import type { Plan, Settings } from "../core/model.js";
import { NO_FACTS } from "../core/model.js";
import { createMetricsProvider } from "../metrics/from-settings.js";
import type { MetricsProvider } from "../metrics/provider.js";
import { OctokitGitHubPort } from "../port/octokit-github-port.js";
import type { CheckRunData, GitHubPort } from "../port/github-port.js";
import type { LoadedRollout } from "../runtime/load-repo-config.js";
import { observeFacts } from "../runtime/rollout-inputs.js";
import { TrackingIssueIndex } from "../runtime/tracking-issue-sync.js";
import { recordWrites, type RecordedWrite } from "../runtime/write-recorder.js";
import { loadActionConfig, reloadRollout, type ActionConfig } from "./config.js";
import { sharedStateFiles, stateProblem } from "../core/state-paths.js";
import { emitReport } from "./emit.js";
import { explainError } from "./explain-error.js";
import { createActionOctokit } from "./octokit.js";
import { isPush, readRunContext, type ClockEvent } from "./event.js";
import { envInputReader, readInputs, type ActionInputs } from "./inputs.js";
import { committedState, type RolloutReport, type RunReport } from "./report.js";
import { startOnMerge, tick, type StepJob } from "./rollout-step.js";
import { lastPlanPullCheckRuns, mergedPullCheckRuns, signoffsFromCheckRuns } from "./signoffs.js";

/**
 * One run as the entry point makes it, after `setUp` (the bundle's proxy set-up): anything
 * unexpected becomes a failed step with a message.
 */
export async function main(env: NodeJS.ProcessEnv = process.env, setUp: (env: NodeJS.ProcessEnv) => unknown = () => undefined): Promise<void> {
  try {
    setUp(env);
    await run(env);
  } catch (error) {
    core.setFailed(`stagegate: ${explainError(error)}`);
  }
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const read = readInputs(envInputReader(env), (secret) => core.setSecret(secret));
  if (!read.ok) {
    for (const message of read.messages) core.error(message);
    core.setFailed(`stagegate: ${read.messages.length} input(s) need fixing in the workflow (see above).`);
    return;
  }
  const context = readRunContext(env);
  if (!context.ok) {
    core.setFailed(`stagegate: ${context.message}`);
    return;
  }
  const { inputs } = read;
  const now = inputs.now ?? new Date();
  const octokit = createActionOctokit({ token: inputs.token, baseUrl: context.context.apiUrl, log: (message) => core.debug(message) });
  // Known default branch: one request fewer on every run (see RunContext.defaultBranch).
  const known = context.context.defaultBranch;
  const port = new OctokitGitHubPort(octokit, context.context.repo, known === null ? {} : { defaultBranch: known });

  const report = await clock(port, context.context.event, inputs, now);
  const failure = await emitReport(report);
  if (failure !== null) core.setFailed(failure);
}

/**
 * Reads the repository and moves every rollout as the event calls for. Every write goes through
 * one recorder, so the report lists each rollout's writes; in a dry run they are recorded only.
 */
export async function clock(github: GitHubPort, event: ClockEvent, inputs: ActionInputs, now: Date): Promise<RunReport> {
  const recorder = recordWrites(github, { dryRun: inputs.dryRun });
  const port = recorder.port;
  const config = await loadActionConfig(port, inputs);
  const run: RunReport = { event: event.name, now, dryRun: inputs.dryRun, settings: config.settings.ok ? config.settings.value : null, rollouts: [], problems: [] };
  if (!config.settings.ok) {
    run.problems.push(...config.settings.problems);
    for (const r of config.rollouts) run.rollouts.push(errorReport(r, null, `${config.settingsPath} has problems: roles and the calendar come from it, so nothing was decided`));
    return run;
  }
  const settings = config.settings.value;
  const provider = createMetricsProvider(settings, inputs.metrics);
  const signoffRuns = pushSignoffs(port, event, config);
  const issues = new TrackingIssueIndex(port, config.trackingIssues);

  // Plans whose state files collide are isolated: neither touches the file.
  const shared = sharedStateFiles(config.rollouts.map((r) => ({ name: r.name, planPath: r.planPath, statePath: r.statePath })));
  for (const rollout of config.rollouts) {
    const settingsClash = rollout.statePath === config.settingsPath ? `${rollout.statePath} is the settings file (input settings): a state file there would overwrite who holds which role` : null;
    const clash = shared.get(rollout.planPath) ?? settingsClash;
    // A plan that does not parse reports its own problems (on its state: line too) below.
    if (clash !== null && rollout.plan.ok) {
      // On the plan's `state:` line, as the App's plan check and `validate` point at it.
      run.rollouts.push({ ...errorReport(rollout, rollout.plan.value, clash), problems: [stateProblem(rollout.planText ?? null, rollout.planPath, clash)] });
      continue;
    }
    const from = recorder.writes.length;
    const writes = () => recorder.writes.slice(from);
    try {
      run.rollouts.push({ ...(await handleRollout({ port, config, settings, rollout, now, provider, event, signoffRuns, issues, writes })), writes: writes() });
    } catch (error) {
      // GitHub or the metrics source failed in a way the port does not expect: this rollout is
      // reported (with what it wrote before that) and the others still get their turn.
      run.rollouts.push({ ...errorReport(rollout, rollout.plan.ok ? rollout.plan.value : null, explainError(error)), writes: writes() });
    }
  }
  return run;
}

interface RolloutTask {
  port: GitHubPort;
  config: ActionConfig;
  settings: Settings;
  rollout: LoadedRollout;
  now: Date;
  provider: MetricsProvider;
  event: ClockEvent;
  signoffRuns: ReturnType<typeof pushSignoffs>;
  issues: TrackingIssueIndex;
  /** What this rollout has written so far in the run. */
  writes: () => RecordedWrite[];
}

async function handleRollout(task: RolloutTask): Promise<RolloutReport> {
  const { rollout, event } = task;
  if (!rollout.plan.ok) return { ...errorReport(rollout, null, `the plan has ${rollout.plan.problems.length} problem(s); it was skipped`), problems: rollout.plan.problems };
  const plan = rollout.plan.value;
  if (rollout.stateFile !== null && !rollout.stateFile.state.ok) {
    const problems = rollout.stateFile.state.problems;
    return { ...errorReport(rollout, plan, `the state file ${rollout.stateFile.path} has ${problems.length} problem(s); fix it or /rollback to rewrite it`), problems };
  }
  const facts = await observeFacts(task.provider, plan, task.now);
  const job: StepJob = { port: task.port, config: task.config, settings: task.settings, rollout, plan, facts, now: task.now, issues: task.issues };

  const eventFacts: ClockEventFacts = isPush(event) ? { kind: "push", ref: event.ref, toDefaultBranch: task.signoffRuns !== null, planChanged: event.changedPaths.includes(rollout.planPath) } : { kind: "scheduled" };
  const choice = clockChoice(eventFacts, rollout.stateFile !== null);
  switch (choice.kind) {
    case "stand":
      return standing(task, plan, standingReason(choice, standingWhere(task)));
    case "start-on-merge": {
      const { pullRequest, runs } = await (task.signoffRuns as NonNullable<RolloutTask["signoffRuns"]>)();
      return startWithSignoffs(job, plan, runs, pullRequest === null ? "this push merged no pull request, so no sign-off was carried over" : null);
    }
    case "tick":
      return tick(job);
    case "missing-state":
      return startMissed(task, job, plan);
  }
}

function standingWhere(task: RolloutTask) {
  return { ref: isPush(task.event) ? task.event.ref : "", defaultBranch: task.config.defaultBranch, statePath: task.rollout.statePath };
}

/** Starts a merged plan with the sign-offs recorded on its pull request's check runs. */
async function startWithSignoffs(job: StepJob, plan: Plan, runs: CheckRunData[], note: string | null): Promise<RolloutReport> {
  const carried = signoffsFromCheckRuns(plan, runs);
  const report = await startOnMerge(job, carried.signoffs);
  if (report.state?.status === "awaiting-signoff") {
    const why = [carried.note, note, ...(report.eligibility?.blockers.map((b) => b.message) ?? [])].filter((m) => m).join("; ") || report.reason;
    report.warning = `${plan.name} was merged but not started: ${why}. Reviewers can tick the rest in the tracking issue; a scheduled run starts it then.`;
  }
  return report;
}

/**
 * A plan on the default branch without a state file: the push that merged it was never handled
 * (a dropped or failed run, a workflow added later), or its state file was deleted; the core
 * decides which (core/clock.ts). A missed push is taken up as that push would have, from the
 * pull request that last changed the plan.
 */
async function startMissed(task: RolloutTask, job: StepJob, plan: Plan): Promise<RolloutReport> {
  const { port, config, rollout } = task;
  const missed = missedStart((await port.lastCommitTouching(rollout.statePath, config.defaultBranch))?.sha ?? null);
  if (missed.kind === "leave-deleted") {
    // Another run may have written it since this one read the repository: then there is a rollout to tick.
    if ((await reloadRollout(port, config, rollout.planPath)).stateFile !== null) return tick(job);
    return standing(task, plan, standingReason(missed, standingWhere(task)));
  }
  const found = await lastPlanPullCheckRuns(port, rollout.planPath, config.defaultBranch);
  const unsigned = found.pullRequest === null ? `no merged pull request changed the plan${found.commit ? ` (last changed in ${found.commit.slice(0, 7)})` : ""}, so no sign-off was carried over` : null;
  const report = await startWithSignoffs(job, plan, found.runs, unsigned);
  if (committedState(task.writes(), rollout.statePath)) report.reason = `${report.reason} — the run for the push that merged the plan was missed, so this run took it up: ${unsigned ?? `sign-offs read from pull request #${found.pullRequest}`}`;
  return report;
}

/** A rollout this run does not act on, reported as it stands. */
function standing(task: RolloutTask, plan: Plan, reason: string): RolloutReport {
  const state = task.rollout.stateFile?.state.ok ? task.rollout.stateFile.state.value : null;
  const elig = state ? eligibility({ settings: task.settings, plan, state, facts: NO_FACTS, now: task.now }) : null;
  return { name: plan.name, planPath: plan.path, plan, state, action: "none", reason, eligibility: elig, writes: [], problems: [] };
}

function errorReport(rollout: LoadedRollout, plan: Plan | null, reason: string): RolloutReport {
  const state = rollout.stateFile?.state.ok ? rollout.stateFile.state.value : null;
  return { name: rollout.name, planPath: rollout.planPath, plan, state, action: "error", reason, eligibility: null, writes: [], problems: [] };
}

/**
 * For a push to the default branch: the check runs of the merged pull request, fetched once
 * (only if some plan changed) and shared by every plan of the push. null for other events.
 */
function pushSignoffs(port: GitHubPort, event: ClockEvent, config: ActionConfig) {
  if (!isPush(event) || event.ref !== `refs/heads/${config.defaultBranch}`) return null;
  let pending: ReturnType<typeof mergedPullCheckRuns> | null = null;
  return () => (pending ??= mergedPullCheckRuns(port, event.after, config.defaultBranch));
}
