// Pausing holds promotion, nothing else. Semantics:
// - `/pause` works before the start, while progressing and after a rollback; it remembers the
//   status to return to in `resume-to`. A complete rollout has nothing left to pause.
// - A pause does not stop the bake clock. The bake measures how long the audience has been
//   exposed at this percent, and a paused rollout keeps serving that percent, so the exposure
//   (and the evidence it gives) keeps accruing. Rollback rules and alerts keep running too.
// - `/resume` returns to the remembered status, with one exception: resuming a rolled-back
//   rollout (paused or not) means "it is fixed, go again", so the stage restarts: status
//   progressing and `entered` = now, so its whole bake is served again after the fix.
import type { StepResult } from "../effects.js";
import type { RolloutState } from "../model.js";
import { announcementOf } from "./announcement-body.js";
import { changed, historyEntry, nowIso, unchanged, underlyingStatus, type EngineContext } from "./context.js";

export function pause(ctx: EngineContext, input: { by: string; reason: string }): StepResult {
  const { plan, state } = ctx;
  if (state.status === "paused") return unchanged(state, { kind: "already-paused" }, `${plan.name} is already paused; /resume to continue.`);
  if (state.status === "complete") return unchanged(state, { kind: "complete" }, `${plan.name} is complete: there is nothing to pause.`);
  const next: RolloutState = {
    ...state,
    status: "paused",
    resumeTo: state.status,
    history: [...state.history, historyEntry(ctx, "pause", { by: input.by, reason: input.reason })],
  };
  return changed(next, "pause", `${plan.name}: pause at ${state.stage} (${state.percent}%) by @${input.by}: ${next.history[next.history.length - 1]?.reason}`, `Paused ${plan.name} at ${state.stage} (${state.percent}%). The bake clock keeps running; /resume to continue.`, announced(ctx, next));
}

export function resume(ctx: EngineContext, input: { by: string }): StepResult {
  const { plan, state } = ctx;
  const back = state.status === "paused" ? (state.resumeTo ?? "progressing") : state.status;
  if (state.status !== "paused" && state.status !== "rolled-back") {
    // A hand edit not held yet: `/resume` is how a maintainer accepts it, and stagegate's commit
    // of that acceptance makes the file its own again.
    if (ctx.handEdit) {
      const accepted: RolloutState = { ...state, history: [...state.history, historyEntry(ctx, "resume", { by: input.by, reason: `accept the hand edit ${ctx.handEdit.commit.slice(0, 7)}` })] };
      return changed(accepted, "resume", `${plan.name}: resume by @${input.by}: accept the hand edit ${ctx.handEdit.commit.slice(0, 7)}`, `Accepted the hand edit ${ctx.handEdit.commit.slice(0, 7)} to ${plan.name}'s state file.`, announced(ctx, accepted));
    }
    return unchanged(state, { kind: "not-paused", status: state.status }, `${plan.name} is not paused or rolled back (status ${state.status}): nothing to resume.`);
  }
  const restart = back === "rolled-back";
  const accepts = ctx.handEdit ? `; accept the hand edit ${ctx.handEdit.commit.slice(0, 7)}` : "";
  const reason = `${restart ? `restart stage ${state.stage} after the rollback` : `back to ${back}`}${accepts}`;
  const next: RolloutState = {
    ...state,
    status: restart ? "progressing" : back,
    resumeTo: null,
    entered: restart ? nowIso(ctx) : state.entered,
    history: [...state.history, historyEntry(ctx, "resume", { by: input.by, reason })],
  };
  const message = restart ? `Resumed ${plan.name}: stage ${state.stage} restarts now, its bake counted from now.` : `Resumed ${plan.name} (${back}).`;
  return changed(next, "resume", `${plan.name}: resume by @${input.by}: ${reason}`, message, announced(ctx, next));
}

/** The announcement of the entry a pause or resume just appended. */
function announced(ctx: EngineContext, next: RolloutState) {
  const started = underlyingStatus(ctx.state) !== "awaiting-signoff";
  const comment = announcementOf(ctx.settings, ctx.plan, next.history, next.history.length - 1, started ? ctx.state.stage : null);
  return comment === null ? [] : [comment];
}
