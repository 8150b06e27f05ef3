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
import { applyStep } from "../../runtime/apply-step.js";
import { renderRolloutIssue } from "../../runtime/render-tracking-issue.js";
import { loadStepInputs } from "../../runtime/rollout-inputs.js";
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
  if (rollout === null) return;
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

  const failed = target.kind === "started" ? await recordInState(deps, rollout, judged, event.sender) : await recordOnChecks(deps, target, judged, event.sender);
  const keys = new Set(judged.filter((j) => !failed.has(j.change.key)).map((j) => j.change.key));
  await rerender(deps, rollout, target, keys);

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

/** Commits each accepted change; returns the keys that could not be committed, with why. */
async function recordInState(deps: HandlerDeps, rollout: string, judged: Judged[], by: string): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  for (const { change, item, refusal } of judged) {
    if (refusal !== null) continue;
    const input = { item: item.id, stage: stageOf(change), by };
    const result = await applyStep({
      port: deps.port,
      load: () => loadStepInputs(deps.sources, rollout, { facts: false }),
      decide: (inputs) => (change.checked ? approve(inputs, input) : withdraw(inputs, input)),
      // No renderIssue: the issue is rendered once, after every change of this edit is recorded.
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
    if (!result.ok) failed.set(change.key, `**${item.title}** could not be recorded (${result.message}); the box stays as you left it, please try again.`);
  }
  return failed;
}

async function recordOnChecks(deps: HandlerDeps, target: Extract<PlanTarget, { kind: "pull-request" }>, judged: Judged[], by: string): Promise<Map<string, string>> {
  const accepted = judged.filter((j) => j.refusal === null);
  if (accepted.length === 0) return new Map();
  const runs = await deps.port.listCheckRuns(target.headSha);
  const signed = new Map(approvalsOf(signoffRuns(runs, deps.identity.appId, target.plan.name)).map((a) => [a.item, a]));
  const at = signedAt(deps.sources.now());
  for (const { change, item } of accepted) {
    // A second tick of a signed item keeps the first signature.
    if (change.checked && !signed.has(item.id)) signed.set(item.id, { item: item.id, stage: null, by, at });
    if (!change.checked) signed.delete(item.id);
  }
  await writeSignoffRuns(deps.port, { plan: target.plan, settings: target.settings, headSha: target.headSha, appId: deps.identity.appId, detailsUrl: target.issueUrl }, signed, runs);
  await writeSignoffSummary(deps.port, target.headSha, deps.identity.appId, target.issueUrl);
  return new Map();
}

async function rerender(deps: HandlerDeps, rollout: string, target: PlanTarget, judged: ReadonlySet<string>): Promise<void> {
  if (target.kind === "started") {
    const inputs = await loadStepInputs(deps.sources, rollout);
    if (!inputs.ok) return;
    const { settings, plan, state, facts, now } = inputs.value;
    await renderRolloutIssue(deps.port, { settings, plan, state, signoffs: [], facts, now }, judged);
    return;
  }
  const runs = await deps.port.listCheckRuns(target.headSha);
  const signoffs = approvalsOf(signoffRuns(runs, deps.identity.appId, target.plan.name));
  await renderRolloutIssue(deps.port, { settings: target.settings, plan: target.plan, state: null, signoffs, facts: { metrics: {} }, now: deps.sources.now(), pullRequest: target.pullRequest }, judged);
}
