// Going back. A rollback is the safe direction, so nothing that holds a promotion back holds it
// back: not gates, not the calendar, not a pause, not missing approvals. It refuses only what
// would not be a rollback at all: a target above where the rollout is, a target the plan does
// not have, a rollout that has not started, or one already rolled back that far (so repeating
// it changes nothing).
//
// A rollback lands on a stage: a stage target is that stage at its percent; a percent target
// lands on the highest stage whose percent is at or below it, with exactly that percent exposed.
// It sets status rolled-back and restarts the clock of the stage it lands on; a pause is
// superseded (a rolled-back rollout does not promote until /resume anyway).
import type { StepResult } from "../effects.js";
import type { Plan, RollbackRule, RolloutState, Stage } from "../model.js";
import { announcementEffect } from "../announcements.js";
import { rollbackComment } from "./announcement-body.js";
import { changed, historyEntry, nowIso, stageIndex, underlyingStatus, unchanged, type EngineContext } from "./context.js";
import { stageLabel } from "./wording.js";

export interface RollbackInput {
  by: string;
  /** null: the plan's `rollback.to`. */
  to: { stage: string } | { percent: number } | null;
  reason: string;
  /** Set when a rollback rule fired; `reason` then names its value and window. */
  rule?: RollbackRule;
}

export interface RollbackTarget {
  stage: Stage;
  index: number;
  percent: number;
}

/** Where a rollback to `to` lands, or why it cannot. */
export function rollbackTarget(plan: Plan, to: RollbackInput["to"]): RollbackTarget | string {
  const target = to ?? plan.rollback.to;
  if ("stage" in target) {
    const index = stageIndex(plan, target.stage);
    const stage = plan.stages[index];
    if (stage === undefined) return `the plan has no stage ${target.stage} (stages: ${plan.stages.map((s) => s.name).join(", ")})`;
    return { stage, index, percent: stage.percent };
  }
  let index = -1;
  plan.stages.forEach((s, i) => {
    if (s.percent <= target.percent) index = i;
  });
  const stage = plan.stages[index];
  if (stage === undefined || target.percent > 100) return `no stage of the plan can serve ${target.percent}% (stages: ${plan.stages.map((s) => stageLabel(s)).join(", ")})`;
  return { stage, index, percent: target.percent };
}

/** Whether the rollout is already at or below the target (so a rollback would not lower it). */
export function atOrBelow(plan: Plan, state: RolloutState, target: RollbackTarget): boolean {
  const index = stageIndex(plan, state.stage);
  return state.percent <= target.percent && (index === -1 || index <= target.index);
}

export function rollback(ctx: EngineContext, input: RollbackInput): StepResult {
  const { plan, state, settings } = ctx;
  const target = rollbackTarget(plan, input.to);
  if (typeof target === "string") return unchanged(state, { kind: "unknown-target" }, `Cannot roll back ${plan.name}: ${target}.`);
  const status = underlyingStatus(state);
  if (status === "awaiting-signoff") return unchanged(state, { kind: "not-started" }, `Cannot roll back ${plan.name}: the rollout has not started, nothing is exposed.`);
  const here = `${state.stage} (${state.percent}%)`;
  const there = `${target.stage.name} (${target.percent}%)`;
  const index = stageIndex(plan, state.stage);
  if (target.percent > state.percent || (index !== -1 && target.index > index)) {
    const asked = input.to !== null && "percent" in input.to ? `${input.to.percent}%` : there;
    return unchanged(state, { kind: "target-above" }, `Cannot roll back ${plan.name} to ${asked}: that is above where it is, ${here}. /promote moves forward.`);
  }
  if (status === "rolled-back" && atOrBelow(plan, state, target)) {
    return unchanged(state, { kind: "already-rolled-back" }, `${plan.name} is already rolled back to ${here}.`);
  }

  const next: RolloutState = {
    ...state,
    stage: target.stage.name,
    percent: target.percent,
    status: "rolled-back",
    resumeTo: null,
    entered: nowIso(ctx),
    history: [...state.history, historyEntry(ctx, "rollback", { from: state.stage, to: target.stage.name, by: input.by, reason: input.reason })],
  };
  const move = `${here} → ${there}`;
  const auto = input.rule !== undefined;
  const headline = auto ? "Automatic rollback" : "Rolled back";
  const body = rollbackComment(settings, plan, { here, there, to: target.stage.name, by: input.by, reason: input.reason });
  const comment = announcementEffect(plan.name, next.history, state.history.length, body);
  const commit = `${plan.name}: ${auto ? "automatic rollback" : "roll back"} ${move}: ${input.reason}`;
  return changed(next, "rollback", commit, `${headline} ${plan.name} ${move}.`, [comment]);
}
