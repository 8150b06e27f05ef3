// Recording and withdrawing ticks. Whether the person may tick the item is decided before this
// (the App checks the role); here the engine only checks that the item exists in the plan and
// keeps the record: one approval per (item, stage), every change in the history.
import type { StepResult } from "../effects.js";
import type { Plan, RolloutState } from "../model.js";
import { changed, historyEntry, nowIso, unchanged, type EngineContext } from "./context.js";
import { itemExists } from "./start.js";

export interface ApprovalInput {
  item: string;
  /** The stage whose exit list holds the item; null for sign-off items. */
  stage: string | null;
  by: string;
}

export function approve(ctx: EngineContext, input: ApprovalInput): StepResult {
  const { plan, state } = ctx;
  const what = describeItem(plan, input.item, input.stage);
  const existing = state.approvals.find((a) => a.item === input.item && a.stage === input.stage);
  if (existing !== undefined) return unchanged(state, { kind: "already-approved", by: existing.by, at: existing.at }, `${capitalize(what)} is already approved by @${existing.by} (${existing.at}).`);
  if (!itemExists(plan, input.item, input.stage)) return unchanged(state, { kind: "unknown-item", item: input.item, stage: input.stage }, unknownItem(plan, input.item, input.stage));
  const next: RolloutState = {
    ...state,
    approvals: [...state.approvals, { item: input.item, stage: input.stage, by: input.by, at: nowIso(ctx) }],
    history: [...state.history, historyEntry(ctx, "approve", { by: input.by, reason: what })],
  };
  return changed(next, "approve", `${plan.name}: approve ${what} by @${input.by}`, `Recorded @${input.by}'s approval of ${what}.`);
}

/** Removes an approval. An approval for an item no longer in the plan can still be withdrawn. */
export function withdraw(ctx: EngineContext, input: ApprovalInput): StepResult {
  const { plan, state } = ctx;
  const what = describeItem(plan, input.item, input.stage);
  const existing = state.approvals.find((a) => a.item === input.item && a.stage === input.stage);
  if (existing === undefined) {
    if (!itemExists(plan, input.item, input.stage)) return unchanged(state, { kind: "unknown-item", item: input.item, stage: input.stage }, unknownItem(plan, input.item, input.stage));
    return unchanged(state, { kind: "not-approved" }, `${capitalize(what)} is not approved: nothing to withdraw.`);
  }
  const next: RolloutState = {
    ...state,
    approvals: state.approvals.filter((a) => a !== existing),
    history: [...state.history, historyEntry(ctx, "withdraw", { by: input.by, reason: `${what} (approved by ${existing.by})` })],
  };
  return changed(next, "withdraw", `${plan.name}: withdraw approval of ${what} by @${input.by}`, `Withdrew the approval of ${what}.`);
}

/** `sign-off item code-review (Code review completed)`, `exit item no-critical-bugs of stage internal (…)`. */
function describeItem(plan: Plan, item: string, stage: string | null): string {
  const list = stage === null ? plan.signoff : (plan.stages.find((s) => s.name === stage)?.exit ?? []);
  const title = list.find((i) => i.id === item)?.title;
  const named = title === undefined ? item : `${item} (${title})`;
  return stage === null ? `sign-off item ${named}` : `exit item ${named} of stage ${stage}`;
}

function unknownItem(plan: Plan, item: string, stage: string | null): string {
  if (stage === null) return `The plan has no sign-off item ${item} (sign-off items: ${plan.signoff.map((i) => i.id).join(", ") || "none"}).`;
  const s = plan.stages.find((x) => x.name === stage);
  if (s === undefined) return `The plan has no stage ${stage} (stages: ${plan.stages.map((x) => x.name).join(", ")}).`;
  return `Stage ${stage} has no exit item ${item} (exit items: ${s.exit.map((i) => i.id).join(", ") || "none"}).`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A tick (approve) or an untick (withdraw) of one item by one person. */
export interface Tick extends ApprovalInput {
  checked: boolean;
}

export function recordTick(ctx: EngineContext, tick: Tick): StepResult {
  const input = { item: tick.item, stage: tick.stage, by: tick.by };
  return tick.checked ? approve(ctx, input) : withdraw(ctx, input);
}

/**
 * The state after several ticks, each recorded on the state the one before left: how sign-offs
 * collected before the start (kept on the plan PR's check runs, not in a state file) are
 * recorded by the same rules as after it.
 */
export function recordTicks(ctx: EngineContext, ticks: Tick[]): RolloutState {
  return ticks.reduce((state, tick) => recordTick({ ...ctx, state }, tick).state, ctx.state);
}
