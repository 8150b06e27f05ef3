// What every engine step sees, and the small helpers they share. Steps are pure functions of
// this context: the same context always gives the same result, so a step can be replayed,
// retried after a conflict, or run twice without doing anything twice.
import type { CommentEffect } from "../announcements.js";
import type { Effect, Refusal, StepResult } from "../effects.js";
import type { Facts, HistoryAction, HistoryEntry, Plan, RolloutState, Settings, Stage, Status } from "../model.js";
import type { HandEdit } from "../state/hand-edit.js";
import { toUtcIso } from "../state/utc-time.js";
import { oneLine } from "../text.js";

export interface EngineContext {
  settings: Settings;
  plan: Plan;
  state: RolloutState;
  facts: Facts;
  now: Date;
  /** The state file was last changed by someone other than stagegate: promotion holds. */
  handEdit?: HandEdit | null;
  /**
   * Active members of the settings' teams, re-read just before a promotion was decided
   * (`org/slug` → logins; see role-recheck.ts for which teams). A team absent here was not read
   * (nothing to promote, or the token may not read it): its members' recorded approvals stand.
   */
  teamMembers?: Readonly<Record<string, readonly string[]>>;
}

/** A team the token may not read, so approvals by its members stand as they were recorded. */
export interface UnreadTeam {
  /** `org/slug`, as the settings write it. */
  team: string;
  /** GitHub's answer: 403 (a token without `members: read`) or 404 (the token cannot see the team). */
  status: number;
}

/** The name the clock acts under in history entries and commit messages. */
export const CLOCK_ACTOR = "stagegate";

export function nowMs(ctx: EngineContext): number {
  return ctx.now.getTime();
}

export function nowIso(ctx: EngineContext): string {
  return toUtcIso(nowMs(ctx));
}

export function stageIndex(plan: Plan, name: string): number {
  return plan.stages.findIndex((s) => s.name === name);
}

export function currentStage(ctx: EngineContext): Stage | undefined {
  return ctx.plan.stages[stageIndex(ctx.plan, ctx.state.stage)];
}

/**
 * The status that decides what a step may do: a paused rollout is still, underneath, the status
 * it will resume to (a rollout paused before its start has still not started).
 */
export function underlyingStatus(state: RolloutState): Status {
  return state.status === "paused" ? (state.resumeTo ?? "progressing") : state.status;
}

/** Reasons are one line in the history: the state file shows one entry per line. */
export function historyEntry(ctx: EngineContext, action: HistoryAction, fields: { from?: string | null; to?: string | null; by: string; reason: string }): HistoryEntry {
  return { at: nowIso(ctx), action, from: fields.from ?? null, to: fields.to ?? null, by: fields.by, reason: oneLine(fields.reason) };
}

/** A step that changes nothing: the very same state, no effects, and why as a kind. */
export function unchanged(state: RolloutState, refusal: Refusal, message: string): StepResult {
  return { state, effects: [], outcome: { done: false, refusal, message } };
}

/**
 * A step that changes the state: one commit saying what and why, then the issue re-rendered,
 * then any comments (after the commit, so they never announce something that failed to land).
 */
export function changed(next: RolloutState, action: HistoryAction, commitMessage: string, message: string, comments: Array<string | CommentEffect> = []): StepResult {
  const effects: Effect[] = [{ type: "commit-state", message: commitMessage }, { type: "render-issue" }];
  for (const comment of comments) effects.push(typeof comment === "string" ? { type: "comment", body: comment } : comment);
  return { state: next, effects, outcome: { done: true, action, message } };
}
