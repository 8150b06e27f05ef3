// One scheduled run of the clock. Order matters and is the SPEC's: a rollout that is hurting is
// rolled back before anything else is considered; then alerts; then, if nothing went backwards,
// at most one promotion. Everything is derived from timestamps and the facts of this run, so a
// late or dropped run loses nothing and a repeated one does nothing twice.
import type { Effect, Outcome, StepResult } from "../effects.js";
import { judgeRule } from "../gates.js";
import { updateAlerts } from "./alerts.js";
import { CLOCK_ACTOR, nowMs, unchanged, underlyingStatus, type EngineContext } from "./context.js";
import { promote } from "./promote.js";
import { atOrBelow, rollback, rollbackTarget } from "./rollback.js";
import { conditionText, evidence } from "./rule-text.js";
import { start } from "./start.js";

export function evaluate(ctx: EngineContext): StepResult {
  const { state } = ctx;
  if (state.status === "awaiting-signoff") return start(ctx, { by: CLOCK_ACTOR });
  if (underlyingStatus(state) === "awaiting-signoff") return unchanged(state, { kind: "paused-before-start" }, `${ctx.plan.name} is paused before its start.`);

  const steps: StepResult[] = [];
  let current = ctx;
  const rolledBack = automaticRollback(current);
  if (rolledBack !== null) {
    steps.push(rolledBack);
    current = { ...current, state: rolledBack.state };
  }

  const alerts = updateAlerts(current);
  if (alerts.summaries.length > 0) {
    steps.push({
      state: alerts.state,
      effects: [{ type: "commit-state", message: `${ctx.plan.name}: ${alerts.summaries.join("; ")}` }, ...alerts.comments.map((body): Effect => ({ type: "comment", body }))],
      outcome: { done: true, action: "alert", message: alerts.summaries.join("; ") },
    });
    current = { ...current, state: alerts.state };
  }

  if (rolledBack === null && current.state.status === "progressing") {
    const promoted = promote(current, { by: CLOCK_ACTOR, force: null });
    steps.push(promoted);
    current = { ...current, state: promoted.state };
  }
  return combine(ctx, steps, current);
}

/**
 * The first rollback rule that holds over its whole window, acted on. Rules are only checked
 * while the rollout is above the rollback target: at or below it a rollback would lower nothing,
 * and a breach still inside the window after a rollback and /resume must not roll back again.
 */
function automaticRollback(ctx: EngineContext): StepResult | null {
  const { plan, state } = ctx;
  const target = rollbackTarget(plan, null);
  if (typeof target === "string" || atOrBelow(plan, state, target)) return null;
  for (const rule of plan.rollback.when) {
    const verdict = judgeRule(rule, ctx.facts, nowMs(ctx));
    if (verdict.result !== "holds") continue;
    const reason = `rule ${conditionText(rule)} held (${evidence(rule, verdict)})`;
    // Above the target and started, so the rollback always happens.
    return rollback(ctx, { by: CLOCK_ACTOR, to: null, reason, rule });
  }
  return null;
}

/** One commit for the whole run (its message lists every change), one re-render, then comments. */
function combine(ctx: EngineContext, steps: StepResult[], last: EngineContext): StepResult {
  const done = steps.filter((s) => s.outcome.done);
  if (done.length === 0) {
    const waiting = steps[steps.length - 1]?.outcome;
    if (waiting !== undefined && !waiting.done) return unchanged(ctx.state, waiting.refusal, waiting.message);
    return unchanged(ctx.state, { kind: "nothing-to-do", status: ctx.state.status }, `${ctx.plan.name}: nothing to do (status ${ctx.state.status}).`);
  }
  const commits = done.flatMap((s) => s.effects.flatMap((e) => (e.type === "commit-state" ? [e.message] : [])));
  const comments = done.flatMap((s) => s.effects.filter((e) => e.type === "comment"));
  const [subject, ...rest] = commits;
  const message = rest.length === 0 ? (subject as string) : `${subject as string}\n\n${rest.join("\n")}`;
  const first = done[0] as StepResult;
  const outcome: Outcome = { done: true, action: (first.outcome as Extract<Outcome, { done: true }>).action, message: done.map((s) => s.outcome.message).join(" ") };
  return { state: last.state, effects: [{ type: "commit-state", message }, { type: "render-issue" }, ...comments], outcome };
}
