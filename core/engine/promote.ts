// Moving forward: exactly one stage per step, only when everything allows it.
//
// `--force` bypasses the gates and nothing else. It exists for the day the metrics are wrong
// or unavailable and people have checked by other means; it does not skip the bake (exposure
// time is the point of a stage), the exit checklist (approvals are people's decisions, not
// data), the calendar (SPEC: promotions happen only inside business hours and outside every
// freeze, and a freeze is a promise to others), or the status (paused, rolled back, complete).
import type { Eligibility } from "../decisions.js";
import type { StepResult } from "../effects.js";
import type { HistoryEntry, Plan, RolloutState, Settings, Stage } from "../model.js";
import { announcementEffect } from "../announcements.js";
import { commentBody, handoffLine } from "./comments.js";
import { CLOCK_ACTOR, changed, currentStage, historyEntry, nowIso, unchanged, type EngineContext } from "./context.js";
import { eligibility } from "./eligibility.js";
import { byWhom, stageLabel } from "./wording.js";

export interface PromoteInput {
  by: string;
  force: null | { reason: string };
}

export function promote(ctx: EngineContext, input: PromoteInput): StepResult {
  const { plan, state, settings } = ctx;
  const e = eligibility(ctx);
  const from = currentStage(ctx);
  const next = e.next === null ? undefined : plan.stages.find((s) => s.name === e.next?.name);
  const blockers = input.force === null ? e.blockers : e.blockers.filter((b) => b.kind !== "gate");
  if (state.status === "awaiting-signoff" || next === undefined || from === undefined || blockers.length > 0) {
    return unchanged(state, blockers.length === 0 ? { kind: "not-started" } : { kind: "blocked", blockers }, refusal(plan.name, e, blockers, input.force !== null));
  }

  const reason = input.force === null ? passedReason(from, e) : forcedReason(input.force.reason, e);
  const action = input.force === null ? "promote" : "force-promote";
  const complete = plan.stages[plan.stages.length - 1] === next;
  const history: HistoryEntry[] = [...state.history, historyEntry(ctx, action, { from: from.name, to: next.name, by: input.by, reason })];
  if (complete) history.push(historyEntry(ctx, "complete", { to: next.name, by: input.by, reason: `${next.name} is the last stage` }));
  const nextState: RolloutState = { ...state, stage: next.name, percent: next.percent, status: complete ? "complete" : "progressing", entered: nowIso(ctx), history };

  const move = `${from.name} → ${stageLabel(next)}`;
  const headline = input.force === null ? "Promoted" : "Force-promoted";
  const comment = announcementEffect(plan.name, history, state.history.length, promotionComment(settings, plan, { from: from.name, to: next, by: input.by, reason, forced: input.force !== null, complete }));
  return changed(nextState, action, `${plan.name}: ${action} ${move}: ${reason}`, `${headline} ${plan.name} ${move}.`, [comment]);
}

/** The announcement of a promotion: the same words whether it is posted now or again later from history. */
export function promotionComment(settings: Settings, plan: Plan, p: { from: string; to: Stage; by: string; reason: string; forced: boolean; complete: boolean }): string {
  const sentence = `${plan.name} moved ${p.from} → ${stageLabel(p.to)} ${byWhom(p.by, CLOCK_ACTOR)}: ${p.reason}.${p.complete ? " The rollout is complete." : ""}`;
  return commentBody(p.forced ? "⚠️" : "🚀", p.forced ? "Force-promoted" : "Promoted", sentence, handoffLine(settings, p.complete ? undefined : p.to, plan.notify));
}

/** What allowed the promotion: `bake 24h elapsed, exit items ticked, gates passed`. */
function passedReason(from: Stage, e: Eligibility): string {
  const parts: string[] = [];
  if (from.bake !== null) parts.push(`bake ${from.bake.text} elapsed`);
  if (from.exit.length > 0) parts.push("exit items ticked");
  if (e.gates.length > 0) parts.push("gates passed");
  return parts.length > 0 ? parts.join(", ") : "nothing to wait for";
}

function forcedReason(reason: string, e: Eligibility): string {
  const bypassed = e.gates.filter((g) => g.blocks).map((g) => g.gate);
  return `${reason} (forced; gates bypassed: ${bypassed.length > 0 ? bypassed.join(", ") : "none were blocking"})`;
}

function refusal(name: string, e: Eligibility, blockers: Eligibility["blockers"], forced: boolean): string {
  const target = e.next === null ? name : `${name} to ${stageLabel(e.next)}`;
  const head = `Cannot ${forced ? "force-promote" : "promote"} ${target}`;
  if (blockers.length === 0) return `${head}: the rollout has not started yet.`;
  const note = forced ? "\n(--force bypasses gates only.)" : "";
  return `${head}:\n${blockers.map((b) => `- ${b.message}`).join("\n")}${note}`;
}
