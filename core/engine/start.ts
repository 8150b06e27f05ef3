// The beginning of a rollout: the state before it starts, and entering the first stage.
import type { StepResult } from "../effects.js";
import type { Approval, Plan, RolloutState } from "../model.js";
import { toUtcIso } from "../state/utc-time.js";
import { announcementEffect } from "../announcements.js";
import { startComment } from "./announcement-body.js";
import { CLOCK_ACTOR, changed, historyEntry, nowIso, unchanged, type EngineContext } from "./context.js";
import { eligibility } from "./eligibility.js";
import { stageLabel } from "./wording.js";

/**
 * The state of a rollout whose plan has just merged: waiting for its sign-off, at the first
 * stage with 0% exposed. Only approvals of items the plan has are kept (a sign-off carried
 * over from the plan PR for an item since removed means nothing), each once.
 */
export function initialState(plan: Plan, now: Date, signoffs: Approval[]): RolloutState {
  const approvals: Approval[] = [];
  for (const a of signoffs) {
    if (!itemExists(plan, a.item, a.stage)) continue;
    if (approvals.some((b) => b.item === a.item && b.stage === a.stage)) continue;
    approvals.push({ ...a });
  }
  return {
    rollout: plan.name,
    trackingIssue: null,
    stage: plan.stages[0]?.name ?? "",
    percent: 0,
    status: "awaiting-signoff",
    entered: toUtcIso(now.getTime()),
    resumeTo: null,
    approvals,
    openAlerts: [],
    history: [],
  };
}

export function itemExists(plan: Plan, item: string, stage: string | null): boolean {
  if (stage === null) return plan.signoff.some((i) => i.id === item);
  return plan.stages.some((s) => s.name === stage && s.exit.some((i) => i.id === item));
}

/**
 * Enters the first stage once every sign-off item is approved and the calendar is open. A plan
 * whose only stage is its first is complete as soon as it starts.
 */
export function start(ctx: EngineContext, options: { by?: string } = {}): StepResult {
  const { plan, state, settings } = ctx;
  const by = options.by ?? CLOCK_ACTOR;
  if (state.status !== "awaiting-signoff") {
    if (state.status === "paused" && state.resumeTo === "awaiting-signoff") return unchanged(state, { kind: "paused-before-start" }, "The rollout is paused before its start; /resume first.");
    return unchanged(state, { kind: "already-started", status: state.status }, `The rollout has already started (status ${state.status}).`);
  }
  const first = plan.stages[0];
  if (first === undefined) return unchanged(state, { kind: "no-stages" }, "The plan has no stages to start.");
  const e = eligibility(ctx);
  if (!e.eligible) {
    return unchanged(state, { kind: "blocked", blockers: e.blockers }, `Cannot start ${plan.name} yet:\n${e.blockers.map((b) => `- ${b.message}`).join("\n")}`);
  }
  const reason = `sign-off complete (${plan.signoff.length} ${plan.signoff.length === 1 ? "item" : "items"})`;
  const last = plan.stages.length === 1;
  const history = [...state.history, historyEntry(ctx, "start", { to: first.name, by, reason })];
  if (last) history.push(historyEntry(ctx, "complete", { to: first.name, by, reason: `${first.name} is the last stage` }));
  const next: RolloutState = { ...state, stage: first.name, percent: first.percent, status: last ? "complete" : "progressing", entered: nowIso(ctx), history };
  const label = stageLabel(first);
  const comment = announcementEffect(plan.name, history, state.history.length, startComment(settings, plan, { stage: first, reason, complete: last }));
  return changed(next, "start", `${plan.name}: start at ${label}: ${reason}`, `Started ${plan.name} at ${label}.`, [comment]);
}
