// One rollout, one step: decide with the core, then apply through the shared runtime (commit
// with compare-and-swap, re-decide on conflict, re-render the issue, comment). A dry run takes
// the same path: its port records the writes instead of sending them (runtime/write-recorder.ts).
import type { StepResult } from "../core/effects.js";
import { eligibility, evaluate, outcomeLine, startAtMerge, stateAtMerge, strongestAction, unreadTeamsNote, type EngineContext } from "../core/engine/index.js";
import { handEditOf } from "../core/state/hand-edit.js";
import type { Approval, Facts, Plan, RolloutState, Settings } from "../core/model.js";
import { fail, ok, type Result } from "../core/result.js";
import type { GitHubPort } from "../port/github-port.js";
import type { StepAnnouncements } from "../runtime/announcements.js";
import { applyStep, type StepInputs } from "../runtime/apply-step.js";
import type { LoadedRollout } from "../runtime/load-repo-config.js";
import { renderStepIssue } from "../runtime/render-tracking-issue.js";
import { withTeamsRechecked } from "../runtime/team-recheck.js";
import { findTrackingIssue, type TrackingIssueIndex } from "../runtime/tracking-issue-sync.js";
import { reloadRollout, type ActionConfig } from "./config.js";
import { actionTaken, type RolloutReport } from "./report.js";

export interface StepJob {
  port: GitHubPort;
  config: ActionConfig;
  settings: Settings;
  rollout: LoadedRollout;
  plan: Plan;
  facts: Facts;
  now: Date;
  /** The run's one listing of tracking issues (otherwise each render searches for its own). */
  issues?: TrackingIssueIndex;
}

/** The scheduled tick: rollback rules, then alerts, then at most one promotion. */
export function tick(job: StepJob): Promise<RolloutReport> {
  // The run read this rollout moments ago; the first attempt decides on that reading, and the
  // commit's compare-and-swap on the state file's sha catches anyone who committed since. Only
  // after such a conflict is it read again.
  let attempt = 0;
  return runStep(job, (inputs) => evaluate(context(inputs)), async () => rechecked(job, attempt++ === 0 && job.rollout.stateFile !== null ? startedInputs(job, job.rollout) : await loadStarted(job)));
}

/**
 * The merge of a plan: write its state file with the sign-offs from the merged PR and enter the
 * first stage when it may. When it may not, the state is still committed (awaiting sign-off) so
 * that ticks in the tracking issue have a file to land in and a later run can start it.
 */
export function startOnMerge(job: StepJob, signoffs: Approval[]): Promise<RolloutReport> {
  return runStep(job, (inputs) => startAtMerge(context(inputs), inputs.stateFile.text), async () => rechecked(job, await loadForStart(job, signoffs)));
}

/** Just before a promotion (or the start) could be decided, the teams it counts on are read again. */
async function rechecked(job: StepJob, loaded: Result<StepInputs>): Promise<Result<StepInputs>> {
  return loaded.ok ? ok(await withTeamsRechecked(job.port, loaded.value)) : loaded;
}

/** Defence in depth: a state file is only ever written for the rollout it names. */
function otherRollout(path: string, named: string, rollout: string) {
  return { file: path, line: 1, col: 1, message: `${path} is the state file of the rollout ${named}, not of ${rollout}: it is not written over; give ${rollout} its own state:` };
}

function context(inputs: StepInputs): EngineContext {
  const teams = inputs.teamMembers ? { teamMembers: inputs.teamMembers } : {};
  return { settings: inputs.settings, plan: inputs.plan, state: inputs.state, facts: inputs.facts, now: inputs.now, handEdit: inputs.handEdit ?? null, ...teams };
}

function stepInputs(job: StepJob, plan: Plan, state: RolloutState, stateFile: StepInputs["stateFile"], lastCommit: LoadedRollout["stateLastCommit"] = null): StepInputs {
  return { defaultBranch: job.config.defaultBranch, settings: job.settings, plan, state, stateFile, facts: job.facts, now: job.now, handEdit: handEditOf(lastCommit ?? null) };
}

async function loadStarted(job: StepJob): Promise<Result<StepInputs>> {
  return startedInputs(job, await reloadRollout(job.port, job.config, job.rollout.planPath));
}

function startedInputs(job: StepJob, r: LoadedRollout): Result<StepInputs> {
  if (!r.plan.ok) return r.plan;
  if (r.stateFile === null) return fail([{ file: r.statePath, line: 1, col: 1, message: `the state file of ${r.name} disappeared during the run` }]);
  if (!r.stateFile.state.ok) return r.stateFile.state;
  if (r.stateFile.state.value.rollout !== r.name) return fail([otherRollout(r.stateFile.path, r.stateFile.state.value.rollout, r.name)]);
  return ok(stepInputs(job, r.plan.value, r.stateFile.state.value, { path: r.stateFile.path, text: r.stateFile.text, sha: r.stateFile.sha }, r.stateLastCommit));
}

async function loadForStart(job: StepJob, signoffs: Approval[]): Promise<Result<StepInputs>> {
  const r = await reloadRollout(job.port, job.config, job.rollout.planPath);
  if (!r.plan.ok) return r.plan;
  const plan = r.plan.value;
  if (r.stateFile === null) return ok(stepInputs(job, plan, stateAtMerge(plan, null, signoffs, job.now), { path: r.statePath, text: null, sha: null }));
  if (!r.stateFile.state.ok) return r.stateFile.state;
  if (r.stateFile.state.value.rollout !== r.name) return fail([otherRollout(r.stateFile.path, r.stateFile.state.value.rollout, r.name)]);
  // Already waiting (an earlier run, or a re-run of this push): stateAtMerge adds sign-offs it lacks.
  const state = stateAtMerge(plan, r.stateFile.state.value, signoffs, job.now);
  return ok(stepInputs(job, plan, state, { path: r.stateFile.path, text: r.stateFile.text, sha: r.stateFile.sha }, r.stateLastCommit));
}

async function runStep(job: StepJob, decide: (inputs: StepInputs) => StepResult, load: () => Promise<Result<StepInputs>>): Promise<RolloutReport> {
  const renderIssue = (inputs: StepInputs, state: RolloutState, announce?: StepAnnouncements) => renderStepIssue(job.port, inputs, state, job.issues ? { index: job.issues } : {}, undefined, announce);
  const trackingIssue = async () => ((job.issues ? await job.issues.find(job.plan.name) : null) ?? (await findTrackingIssue(job.port, job.plan.name)))?.number ?? null;
  const result = await applyStep({ port: job.port, load, decide, renderIssue, trackingIssue });
  if (!result.ok) return failed(job, result.reason === "unreadable" ? result.problems : [], result.message);
  const { step, inputs } = result;
  // The issue shows time left and gate values: re-render it even when nothing was committed,
  // so it heals from any missed event (it is only written when its text changes).
  if (!step.effects.some((e) => e.type === "render-issue")) await renderIssue(result.commit === null ? inputs : { ...inputs, handEdit: null }, step.state);
  return report(job, inputs, step);
}

function report(job: StepJob, inputs: StepInputs, step: StepResult): RolloutReport {
  const ctx = { ...context(inputs), state: step.state };
  return {
    name: job.rollout.name,
    planPath: job.rollout.planPath,
    plan: inputs.plan,
    state: step.state,
    action: actionTaken(strongestAction(inputs.state, step.state, step.outcome)),
    reason: outcomeLine(step.outcome.message),
    eligibility: eligibility(ctx),
    writes: [],
    problems: [],
    notes: [unreadTeamsNote(inputs.unreadTeams ?? [])].filter((note): note is string => note !== null),
  };
}

function failed(job: StepJob, problems: RolloutReport["problems"], message: string): RolloutReport {
  return { name: job.rollout.name, planPath: job.rollout.planPath, plan: job.plan, state: null, action: "error", reason: message, eligibility: null, writes: [], problems };
}

