// A hand edit holds the rollout, and the hold is written down. The first step stagegate applies
// on top of a state file someone else changed pauses the rollout, with the commit and its author
// as the reason, and announces it: otherwise that step's own commit (an alert, a tick, a pause)
// would become the file's last commit and the edit would pass as stagegate's. From then on the
// pause holds promotion; `/resume` after review accepts the edit, a revert and `/resume` undoes
// it. Rollback stays open throughout: it is the safe direction.
import type { StepResult } from "../effects.js";
import type { RolloutState } from "../model.js";
import type { HandEdit } from "../state/hand-edit.js";
import { announcementOf } from "./announcement-body.js";
import { CLOCK_ACTOR, historyEntry, underlyingStatus, type EngineContext } from "./context.js";

/** How a step treats a hand edit: held (the default), or let through (`/resume`, `/rollback`). */
export type HandEditPolicy = "hold" | "let-through";

function handEditReason(edit: HandEdit): string {
  const who = edit.author === null ? "someone without a GitHub account" : edit.author;
  return `the state file was changed by ${who} in ${edit.commit.slice(0, 7)} (${edit.message}), not by stagegate: review it, then /resume accepts it, or revert that commit and /resume`;
}

/** `decide` on the rollout as held: paused first when a hand edit is not yet held. */
export function holdingHandEdits<C extends EngineContext>(ctx: C, decide: (ctx: C) => StepResult, policy: HandEditPolicy = "hold"): StepResult {
  const edit = ctx.handEdit ?? null;
  if (edit === null || policy === "let-through" || ctx.state.status === "paused") return decide(ctx);
  const reason = handEditReason(edit);
  const held: RolloutState = { ...ctx.state, status: "paused", resumeTo: ctx.state.status, history: [...ctx.state.history, historyEntry(ctx, "pause", { by: CLOCK_ACTOR, reason })] };
  const step = decide({ ...ctx, state: held });
  const holdMessage = `${ctx.plan.name}: pause at ${ctx.state.stage} (${ctx.state.percent}%): hand edit ${edit.commit.slice(0, 7)}`;
  const started = underlyingStatus(ctx.state) !== "awaiting-signoff";
  const comment = announcementOf(ctx.settings, ctx.plan, held.history, held.history.length - 1, started ? ctx.state.stage : null);
  const stepCommit = step.effects.find((e) => e.type === "commit-state");
  const stepComments = step.effects.filter((e) => e.type === "comment");
  return {
    state: step.state,
    effects: [
      { type: "commit-state", message: stepCommit === undefined ? holdMessage : `${holdMessage}\n\n${stepCommit.message}` },
      { type: "render-issue" },
      ...(comment === null ? [] : [comment]),
      ...stepComments,
    ],
    outcome: step.outcome,
  };
}
