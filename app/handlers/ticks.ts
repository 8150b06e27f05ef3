// Flow 2: ticks in the tracking issue. The edit's diff says which boxes changed; the current
// body (re-read) says whether each change still stands, since quick edits can arrive out of
// order. A change by someone holding the item's role is recorded (on the plan PR's check runs
// before the start, in the state file after it); any other change is undone, with a comment
// naming who may make it. The issue is then re-rendered from the truth.
import { initialState, recordTick, recordTicks, type Tick } from "../../core/engine/index.js";
import type { TickChange } from "../../core/markdown/tick-diff.js";
import { diffTicks } from "../../core/markdown/tick-diff.js";
import { NO_FACTS, type ChecklistItem, type Settings } from "../../core/model.js";
import { judgeTick, tickRefusalText, tickTeamsToCheck } from "../../core/permissions.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import { ok, type Result } from "../../core/result.js";
import { serializeState } from "../../core/state/serialize-state.js";
import type { CheckRunData } from "../../port/github-port.js";
import { applyStep, type ApplyStepResult, type StepInputs } from "../../runtime/apply-step.js";
import { renderRolloutIssue, renderStepIssue } from "../../runtime/render-tracking-issue.js";
import { factsFor, loadStepInputs, stepInputsFrom } from "../../runtime/rollout-inputs.js";
import { applyWrite } from "../../runtime/writes.js";
import type { HandlerDeps } from "../deps.js";
import { activeTeams } from "./actor-facts.js";
import { openPlanTarget, type PlanTarget } from "./plan-target.js";
import { approvalsOf, signoffRuns, writeSignoffRuns, writeSignoffSummary } from "./signoff-checks.js";

interface IssueEditEvent {
  issue: { number: number; body: string };
  /** `changes.body.from`: the body before this edit. */
  before: string;
  sender: string;
}

interface Judged {
  change: TickChange;
  item: ChecklistItem;
  /** Why the change was not recorded; null when it was. */
  refusal: string | null;
}

const tickOf = ({ change, item }: Judged, by: string): Tick => ({ item: item.id, stage: change.ref.kind === "exit" ? change.ref.stage : null, by, checked: change.checked });

export async function handleTicks(deps: HandlerDeps, event: IssueEditEvent): Promise<void> {
  const rollout = parseTrackingIssue(event.issue.body).rollout;
  if (rollout === null) {
    // The edit removed the marker (a replaced body): GitHub's payload says whose issue it was.
    const lost = parseTrackingIssue(event.before).rollout;
    if (lost !== null) await restoreTrackingIssue(deps, lost, event.issue.number);
    return;
  }
  const changes = diffTicks(event.before, event.issue.body);
  if (changes.length === 0) return;

  // A change that a later edit has already reversed is left to that edit's own event.
  const current = await deps.port.getIssue(event.issue.number);
  if (current === null) return;
  const now = new Map(parseTrackingIssue(current.body).items.flatMap((i) => (i.key === null ? [] : [[i.key, i.checked] as const])));
  const standing = changes.filter((c) => now.get(c.key) === c.checked);
  if (standing.length === 0) return;

  const target = await openPlanTarget(deps, rollout, current.body, current.htmlUrl);
  if (target.kind === "unverifiable") {
    // The boxes stay as they are: the next edit after the fix is verified as usual.
    await applyWrite(deps.port, { kind: "comment", issue: event.issue.number, body: `@${event.sender}, ${target.message}` });
    return;
  }
  const judged: Judged[] = [];
  for (const change of standing) judged.push(await judge(deps, target.settings, target, change, event.sender));

  // Each branch records what it can, then renders the issue from what it wrote, into the issue
  // the tick was made in: nothing already read is read again, and nothing is searched for.
  const issue = event.issue.number;
  let failed: Map<string, string>;
  if (target.kind === "started") {
    const recorded = await recordInState(deps, rollout, target, judged, event.sender);
    failed = recorded.failed;
    await rerenderStarted(deps, recorded.inputs, keysStanding(judged, failed), issue, recorded.announced);
  } else {
    const runs = await recordOnChecks(deps, target, judged, event.sender);
    failed = new Map();
    await rerenderPullRequest(deps, target, runs, keysStanding(judged, failed), issue);
  }

  const refusals = judged.filter((j) => j.refusal !== null).map((j) => j.refusal as string);
  const failures = [...failed.values()];
  if (refusals.length + failures.length > 0) {
    const body = [`@${event.sender}, thank you — but not every change could stand:`, "", ...refusals.map((r) => `- ${r}`), ...failures.map((f) => `- ${f}`)].join("\n");
    await applyWrite(deps.port, { kind: "comment", issue: event.issue.number, body });
  }
}

/** Loads the memberships the core asks about, and lets it judge the change (core/permissions.ts). */
async function judge(deps: HandlerDeps, settings: Settings, target: PlanTarget, change: TickChange, sender: string): Promise<Judged> {
  const teams = await activeTeams(deps.port, tickTeamsToCheck(settings, target.plan, change, sender), sender);
  const verdict = judgeTick(settings, target.plan, target.kind === "started" ? "started" : "before-start", change, { login: sender, activeTeams: teams });
  const item = verdict.kind === "unknown-item" ? { id: change.key, title: change.key, role: "" } : verdict.item;
  return { change, item, refusal: tickRefusalText(verdict) };
}

const keysStanding = (judged: Judged[], failed: Map<string, string>): Set<string> => new Set(judged.filter((j) => !failed.has(j.change.key)).map((j) => j.change.key));

/** The started rollout as openPlanTarget just read it, as step inputs (no metrics: approvals need none). */
function readInputs(deps: HandlerDeps, rollout: string, target: Extract<PlanTarget, { kind: "started" }>): Promise<Result<StepInputs>> {
  return stepInputsFrom(deps.sources, { defaultBranch: target.defaultBranch, settings: ok(target.settings), rollout: target.loaded }, rollout, { facts: false });
}

/** The inputs as they are after a step: its state, committed with the sha the commit returned. */
function afterStep(result: Extract<ApplyStepResult, { ok: true }>): StepInputs {
  const { inputs, step, commit } = result;
  if (commit === null) return inputs;
  return { ...inputs, state: step.state, stateFile: { path: inputs.stateFile.path, text: serializeState(step.state, inputs.stateFile.text), sha: commit.fileSha } };
}

/**
 * Commits each accepted change, each step deciding on the state the previous one committed (the
 * first on the state just read). A conflict re-reads, as always. Returns the keys that could not
 * be committed, with why, and the inputs as they stand after the last step.
 */
async function recordInState(deps: HandlerDeps, rollout: string, target: Extract<PlanTarget, { kind: "started" }>, judged: Judged[], by: string): Promise<{ failed: Map<string, string>; inputs: Result<StepInputs>; announced: Set<string> }> {
  const failed = new Map<string, string>();
  // A step on a hand-edited file announces its hold: the rendering after knows it was posted.
  const announced = new Set<string>();
  let latest = await readInputs(deps, rollout, target);
  for (const j of judged) {
    if (j.refusal !== null) continue;
    const { change, item } = j;
    const tick = tickOf(j, by);
    let known: Result<StepInputs> | null = latest;
    const result = await applyStep({
      port: deps.port,
      load: () => {
        const first = known;
        known = null;
        return first !== null && first.ok ? Promise.resolve(first) : loadStepInputs(deps.sources, rollout, { facts: false });
      },
      decide: (inputs) => recordTick(inputs, tick),
      // No renderIssue: the issue is rendered once, after every change of this edit is recorded.
      sleep: deps.sleep,
    });
    if (!result.ok) failed.set(change.key, `**${item.title}** could not be recorded (${result.message}); the box stays as you left it, please try again.`);
    else {
      latest = ok(afterStep(result));
      for (const key of result.announced) announced.add(key);
    }
  }
  return { failed, inputs: latest, announced };
}

/**
 * Records the accepted changes on the head's sign-off runs; returns the head's runs after. The
 * engine records them, on the state the plan would start from, by the rules of a started one.
 */
async function recordOnChecks(deps: HandlerDeps, target: Extract<PlanTarget, { kind: "pull-request" }>, judged: Judged[], by: string): Promise<CheckRunData[] | null> {
  const accepted = judged.filter((j) => j.refusal === null);
  if (accepted.length === 0) return null;
  const runs = await deps.port.listCheckRuns(target.headSha);
  const now = deps.sources.now();
  const { plan, settings } = target;
  const before = initialState(plan, now, approvalsOf(signoffRuns(runs, deps.identity.appId, plan.name)));
  const after = recordTicks({ settings, plan, state: before, facts: NO_FACTS, now }, accepted.map((j) => tickOf(j, by)));
  const signed = new Map(after.approvals.map((a) => [a.item, a]));
  const written = await writeSignoffRuns(deps.port, { plan: target.plan, settings: target.settings, headSha: target.headSha, appId: deps.identity.appId, detailsUrl: target.issueUrl }, signed, runs);
  await writeSignoffSummary(deps.port, target.headSha, deps.identity.appId, target.issueUrl, written);
  return written;
}

/** Renders a started rollout's tracking issue back into the issue whose marker was removed. */
async function restoreTrackingIssue(deps: HandlerDeps, rollout: string, issue: number): Promise<void> {
  const inputs = await loadStepInputs(deps.sources, rollout);
  if (!inputs.ok) return;
  const { settings, plan, state, facts, now, handEdit, teamMembers } = inputs.value;
  // Another issue recorded in the state file is the tracking issue; this one was a copy.
  if (state.trackingIssue !== null && state.trackingIssue !== issue) return;
  await renderRolloutIssue(deps.port, { settings, plan, state, signoffs: [], facts, now, handEdit: handEdit ?? null, ...(teamMembers ? { teamMembers } : {}) }, new Set(), { number: issue, recorded: issue });
}

async function rerenderStarted(deps: HandlerDeps, inputs: Result<StepInputs>, judged: ReadonlySet<string>, issue: number, posted: Set<string>): Promise<void> {
  if (!inputs.ok) return;
  const { settings, plan, state } = inputs.value;
  const now = deps.sources.now();
  const facts = await factsFor(deps.sources, settings, plan, now);
  await renderStepIssue(deps.port, { ...inputs.value, facts, now }, state, { number: issue }, judged, { own: new Map(), posted });
}

async function rerenderPullRequest(deps: HandlerDeps, target: Extract<PlanTarget, { kind: "pull-request" }>, written: CheckRunData[] | null, judged: ReadonlySet<string>, issue: number): Promise<void> {
  const runs = written ?? (await deps.port.listCheckRuns(target.headSha));
  const signoffs = approvalsOf(signoffRuns(runs, deps.identity.appId, target.plan.name));
  await renderRolloutIssue(deps.port, { settings: target.settings, plan: target.plan, state: null, signoffs, facts: NO_FACTS, now: deps.sources.now(), pullRequest: target.pullRequest }, judged, { number: issue });
}
