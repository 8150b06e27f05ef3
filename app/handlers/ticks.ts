// Flow 2: ticks in the tracking issue. The edit's diff says which boxes changed; the current
// body (re-read) says whether each change still stands, since quick edits can arrive out of
// order. A change by someone holding the item's role is recorded (on the plan PR's check runs
// before the start, in the state file after it); any other change is undone, with a comment
// naming who may make it. The issue is then re-rendered from the truth.
import { approve, withdraw } from "../../core/engine/approvals.js";
import type { TickChange } from "../../core/markdown/tick-diff.js";
import { diffTicks } from "../../core/markdown/tick-diff.js";
import type { ChecklistItem, Plan, Settings } from "../../core/model.js";
import { whoMay } from "../../core/roles.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import { ok, type Result } from "../../core/result.js";
import { serializeState } from "../../core/state/serialize-state.js";
import type { CheckRunData } from "../../port/github-port.js";
import { applyStep, type ApplyStepResult, type StepInputs } from "../../runtime/apply-step.js";
import { renderRolloutIssue } from "../../runtime/render-tracking-issue.js";
import { factsFor, loadStepInputs, stepInputsFrom } from "../../runtime/rollout-inputs.js";
import type { HandlerDeps } from "../deps.js";
import { holdsSettingsRole } from "./authorize.js";
import { openPlanTarget, type PlanTarget } from "./plan-target.js";
import { approvalsOf, signedAt, signoffRuns, writeSignoffRuns, writeSignoffSummary } from "./signoff-checks.js";

export interface IssueEditEvent {
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

function itemOf(plan: Plan, change: TickChange): ChecklistItem | null {
  const ref = change.ref;
  if (ref.kind === "signoff") return plan.signoff.find((i) => i.id === ref.id) ?? null;
  return plan.stages.find((s) => s.name === ref.stage)?.exit.find((i) => i.id === ref.id) ?? null;
}

const stageOf = (change: TickChange): string | null => (change.ref.kind === "exit" ? change.ref.stage : null);

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
    await deps.port.createComment(event.issue.number, `@${event.sender}, ${target.message}`);
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
    await rerenderStarted(deps, recorded.inputs, keysStanding(judged, failed), issue);
  } else {
    const runs = await recordOnChecks(deps, target, judged, event.sender);
    failed = new Map();
    await rerenderPullRequest(deps, target, runs, keysStanding(judged, failed), issue);
  }

  const refusals = judged.filter((j) => j.refusal !== null).map((j) => j.refusal as string);
  const failures = [...failed.values()];
  if (refusals.length + failures.length > 0) {
    await deps.port.createComment(event.issue.number, [`@${event.sender}, thank you — but not every change could stand:`, "", ...refusals.map((r) => `- ${r}`), ...failures.map((f) => `- ${f}`)].join("\n"));
  }
}

async function judge(deps: HandlerDeps, settings: Settings, target: PlanTarget, change: TickChange, sender: string): Promise<Judged> {
  const item = itemOf(target.plan, change);
  if (item === null) return { change, item: { id: change.key, title: change.key, role: "" }, refusal: `${change.key} is not an item of the plan any more; I put the box back.` };
  const verb = change.checked ? "tick" : "untick";
  if (!(await holdsSettingsRole(deps.port, settings, item.role, sender))) {
    const undo = change.checked ? "I unticked it again" : "I ticked it again";
    return { change, item, refusal: `**${item.title}** needs the ${item.role} role: only ${whoMay(settings, item.role)} may ${verb} it. ${undo}.` };
  }
  if (target.kind === "pull-request" && change.ref.kind === "exit") {
    return { change, item, refusal: `**${item.title}** is an exit item of stage ${change.ref.stage}: it can be ticked once the rollout has started. I put the box back.` };
  }
  return { change, item, refusal: null };
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
async function recordInState(deps: HandlerDeps, rollout: string, target: Extract<PlanTarget, { kind: "started" }>, judged: Judged[], by: string): Promise<{ failed: Map<string, string>; inputs: Result<StepInputs> }> {
  const failed = new Map<string, string>();
  let latest = await readInputs(deps, rollout, target);
  for (const { change, item, refusal } of judged) {
    if (refusal !== null) continue;
    const input = { item: item.id, stage: stageOf(change), by };
    let known: Result<StepInputs> | null = latest;
    const result = await applyStep({
      port: deps.port,
      load: () => {
        const first = known;
        known = null;
        return first !== null && first.ok ? Promise.resolve(first) : loadStepInputs(deps.sources, rollout, { facts: false });
      },
      decide: (inputs) => (change.checked ? approve(inputs, input) : withdraw(inputs, input)),
      // No renderIssue: the issue is rendered once, after every change of this edit is recorded.
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
    if (!result.ok) failed.set(change.key, `**${item.title}** could not be recorded (${result.message}); the box stays as you left it, please try again.`);
    else latest = ok(afterStep(result));
  }
  return { failed, inputs: latest };
}

/** Records the accepted changes on the head's sign-off runs; returns the head's runs after. */
async function recordOnChecks(deps: HandlerDeps, target: Extract<PlanTarget, { kind: "pull-request" }>, judged: Judged[], by: string): Promise<CheckRunData[] | null> {
  const accepted = judged.filter((j) => j.refusal === null);
  if (accepted.length === 0) return null;
  const runs = await deps.port.listCheckRuns(target.headSha);
  const signed = new Map(approvalsOf(signoffRuns(runs, deps.identity.appId, target.plan.name)).map((a) => [a.item, a]));
  const at = signedAt(deps.sources.now());
  for (const { change, item } of accepted) {
    // A second tick of a signed item keeps the first signature.
    if (change.checked && !signed.has(item.id)) signed.set(item.id, { item: item.id, stage: null, by, at });
    if (!change.checked) signed.delete(item.id);
  }
  const after = await writeSignoffRuns(deps.port, { plan: target.plan, settings: target.settings, headSha: target.headSha, appId: deps.identity.appId, detailsUrl: target.issueUrl }, signed, runs);
  await writeSignoffSummary(deps.port, target.headSha, deps.identity.appId, target.issueUrl, after);
  return after;
}

/** Renders a started rollout's tracking issue back into the issue whose marker was removed. */
async function restoreTrackingIssue(deps: HandlerDeps, rollout: string, issue: number): Promise<void> {
  const inputs = await loadStepInputs(deps.sources, rollout);
  if (!inputs.ok) return;
  const { settings, plan, state, facts, now, handEdit } = inputs.value;
  // Another issue recorded in the state file is the tracking issue; this one was a copy.
  if (state.trackingIssue !== null && state.trackingIssue !== issue) return;
  await renderRolloutIssue(deps.port, { settings, plan, state, signoffs: [], facts, now, handEdit: handEdit ?? null }, new Set(), { number: issue, recorded: issue });
}

async function rerenderStarted(deps: HandlerDeps, inputs: Result<StepInputs>, judged: ReadonlySet<string>, issue: number): Promise<void> {
  if (!inputs.ok) return;
  const { settings, plan, state } = inputs.value;
  const now = deps.sources.now();
  const facts = await factsFor(deps.sources, settings, plan, now);
  await renderRolloutIssue(deps.port, { settings, plan, state, signoffs: [], facts, now }, judged, { number: issue });
}

async function rerenderPullRequest(deps: HandlerDeps, target: Extract<PlanTarget, { kind: "pull-request" }>, written: CheckRunData[] | null, judged: ReadonlySet<string>, issue: number): Promise<void> {
  const runs = written ?? (await deps.port.listCheckRuns(target.headSha));
  const signoffs = approvalsOf(signoffRuns(runs, deps.identity.appId, target.plan.name));
  await renderRolloutIssue(deps.port, { settings: target.settings, plan: target.plan, state: null, signoffs, facts: { metrics: {} }, now: deps.sources.now(), pullRequest: target.pullRequest }, judged, { number: issue });
}
