// The merge of a plan, as the clock handles it: the sign-offs carried over from the plan's pull
// request join the state, and the rollout enters its first stage when it may. When it may not,
// the state is still committed (awaiting sign-off) so that ticks in the tracking issue have a
// file to land in and a later run can start it.
import type { StepResult } from "../effects.js";
import type { Approval, Plan, RolloutState } from "../model.js";
import { serializeState } from "../state/serialize-state.js";
import type { EngineContext } from "./context.js";
import { initialState, start } from "./start.js";

/**
 * The state a merge starts from: a fresh one with the carried sign-offs when there is no state
 * file, else the committed one, to which a rollout still waiting for its sign-off adds the
 * sign-offs it lacks (an earlier run, or a re-run of the same push, may have written it).
 */
export function stateAtMerge(plan: Plan, committed: RolloutState | null, signoffs: Approval[], now: Date): RolloutState {
  if (committed === null) return initialState(plan, now, signoffs);
  if (committed.status !== "awaiting-signoff") return committed;
  return { ...committed, approvals: initialState(plan, now, [...committed.approvals, ...signoffs]).approvals };
}

/**
 * Starts the rollout, or commits it as awaiting sign-off when the start is refused and the state
 * file does not already say so. `committedText` is the state file as read (null: none yet).
 */
export function startAtMerge(ctx: EngineContext, committedText: string | null): StepResult {
  const step = start(ctx);
  if (step.outcome.done) return step;
  if (committedText !== null && serializeState(ctx.state, committedText) === committedText) return step;
  const refusal = step.outcome.refusal;
  const why = refusal.kind === "blocked" ? refusal.blockers.map((b) => b.message).join("; ") : step.outcome.message;
  return {
    state: ctx.state,
    effects: [{ type: "commit-state", message: `${ctx.plan.name}: awaiting sign-off, not started: ${why}` }, { type: "render-issue" }],
    outcome: step.outcome,
  };
}
