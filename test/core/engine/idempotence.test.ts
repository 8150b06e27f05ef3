// Every step applied twice equals once: a retried webhook, a re-run job or a redelivered
// command must never promote twice, roll back twice, or record a tick twice.
import { describe, expect, it } from "vitest";
import type { EngineContext } from "../../../core/engine/index.js";
import { approve, evaluate, initialState, pause, promote, resume, rollback, start, withdraw } from "../../../core/engine/index.js";
import type { StepResult } from "../../../core/effects.js";
import type { Facts } from "../../../core/model.js";
import { DAY, HOUR, INTERNAL_EXIT, MONDAY_10AM, SIGNED_OFF, ctx, healthy, instant, plan, series, state, window, withMetrics } from "./fixtures.js";

const breach = (now: number): Facts => withMetrics(healthy(now), { "error-rate@1h": window(series(now, HOUR, () => 0.07)), "error-rate": instant(now, 0.07) });
const noBake = plan({ stages: plan().stages.map((s) => ({ ...s, bake: null })) });

const cases: Array<[string, EngineContext, (c: EngineContext) => StepResult]> = [
  ["start", ctx(initialState(plan(), new Date(MONDAY_10AM), SIGNED_OFF), MONDAY_10AM), (c) => start(c)],
  ["approve", ctx(state("internal", MONDAY_10AM, { approvals: SIGNED_OFF }), MONDAY_10AM), (c) => approve(c, { item: "no-critical-bugs", stage: "internal", by: "quinn" })],
  ["withdraw", ctx(state("internal", MONDAY_10AM, { approvals: [INTERNAL_EXIT] }), MONDAY_10AM), (c) => withdraw(c, { item: "no-critical-bugs", stage: "internal", by: "quinn" })],
  ["promote", ctx(state("ten", MONDAY_10AM - 2 * DAY), MONDAY_10AM), (c) => promote(c, { by: "pam", force: null })],
  ["promote into a stage without a bake", ctx(state("ten", MONDAY_10AM - 2 * DAY), MONDAY_10AM, { plan: noBake }), (c) => promote(c, { by: "pam", force: null })],
  ["force-promote", ctx(state("ten", MONDAY_10AM - 2 * DAY), MONDAY_10AM, { facts: breach(MONDAY_10AM) }), (c) => promote(c, { by: "rita", force: { reason: "metrics broken" } })],
  ["rollback", ctx(state("half", MONDAY_10AM - HOUR), MONDAY_10AM), (c) => rollback(c, { by: "olga", to: { percent: 5 }, reason: "bad" })],
  ["pause", ctx(state("ten", MONDAY_10AM), MONDAY_10AM), (c) => pause(c, { by: "pam", reason: "wait" })],
  ["resume", ctx(state("ten", MONDAY_10AM - DAY, { status: "rolled-back" }), MONDAY_10AM), (c) => resume(c, { by: "pam" })],
  ["evaluate: promotion", ctx(state("internal", MONDAY_10AM - 30 * DAY), MONDAY_10AM, { plan: noBake }), evaluate],
  ["evaluate: rollback and alert", ctx(state("half", MONDAY_10AM - HOUR), MONDAY_10AM, { facts: breach(MONDAY_10AM) }), evaluate],
];

describe("idempotence", () => {
  it.each(cases)("%s: applied twice equals applied once", (_name, c, step) => {
    const once = step(c);
    expect(once.outcome.done).toBe(true);
    expect(once.effects.filter((e) => e.type === "commit-state")).toHaveLength(1);
    const twice = step({ ...c, state: once.state });
    expect(twice.state).toBe(once.state);
    expect(twice.effects).toEqual([]);
    expect(twice.outcome.done).toBe(false);
  });
});
