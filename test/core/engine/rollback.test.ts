import { describe, expect, it } from "vitest";
import { rollback, rollbackTarget } from "../../../core/engine/index.js";
import type { RolloutState } from "../../../core/model.js";
import { DAY, HOUR, MONDAY_10AM, SIGNED_OFF, at, ctx, healthy, instant, plan, state, withMetrics } from "./fixtures.js";

const QUARTER = state("quarter", MONDAY_10AM - 2 * HOUR);
const FAILING = withMetrics(healthy(MONDAY_10AM), { "error-rate": instant(MONDAY_10AM, 0.2) });

describe("rollback", () => {
  it("goes back to the plan's target in one commit, naming who and why, and notifies the rollback roles", () => {
    const r = rollback(ctx(QUARTER, MONDAY_10AM), { by: "olga", to: null, reason: "saves failing for EU users" });
    expect(r.state).toEqual({
      ...QUARTER,
      stage: "internal",
      percent: 0,
      status: "rolled-back",
      entered: "2026-12-07T15:00:00Z",
      history: [{ at: "2026-12-07T15:00:00Z", action: "rollback", from: "quarter", to: "internal", by: "olga", reason: "saves failing for EU users" }],
    });
    expect(r.effects[0]).toEqual({ type: "commit-state", message: "playlist-editor: roll back quarter (25%) → internal (0%): saves failing for EU users" });
    expect(r.effects[1]).toEqual({ type: "render-issue" });
    expect(r.effects[2]).toMatchObject({ type: "comment", body: expect.stringMatching(/^⏪ \*\*Rolled back\*\*: playlist-editor went back quarter \(25%\) → internal \(0%\) by @.olga: saves failing for EU users\. \/resume restarts internal when it is fixed\.\n\ncc @acme\/sre\n\n<!-- stagegate:announce playlist-editor rollback@2026-12-07T15:00:00Z -->$/), key: "rollback@2026-12-07T15:00:00Z" });
    expect(r.outcome).toEqual({ done: true, action: "rollback", message: "Rolled back playlist-editor quarter (25%) → internal (0%)." });
  });

  it.each<[string, RolloutState, number, Parameters<typeof ctx>[2]]>([
    ["while paused", { ...QUARTER, status: "paused", resumeTo: "progressing" }, MONDAY_10AM, {}],
    ["in a freeze", QUARTER, at("2026-12-22T15:00:00Z"), {}],
    ["outside business hours", QUARTER, at("2026-12-05T03:00:00Z"), {}],
    ["with failing gates", QUARTER, MONDAY_10AM, { facts: FAILING }],
    ["with no metrics at all", QUARTER, MONDAY_10AM, { facts: { metrics: {} } }],
    ["with exit items missing", state("beta", MONDAY_10AM - DAY, { approvals: [] }), MONDAY_10AM, {}],
    ["from a complete rollout", state("full", MONDAY_10AM - DAY, { status: "complete" }), MONDAY_10AM, {}],
    ["from a stage the plan no longer has", state("eleven", MONDAY_10AM - DAY, { percent: 11 }), MONDAY_10AM, {}],
  ])("is never blocked: %s", (_name, s, now, overrides) => {
    const r = rollback(ctx(s, now, overrides), { by: "olga", to: null, reason: "bad" });
    expect(r.outcome.done).toBe(true);
    expect(r.state).toMatchObject({ stage: "internal", percent: 0, status: "rolled-back", resumeTo: null });
  });

  it.each<[string, Parameters<typeof rollback>[1]["to"], { stage: string; percent: number }]>([
    ["a stage", { stage: "beta" }, { stage: "beta", percent: 1 }],
    ["a percent between stages: the highest stage at or below it, with that percent", { percent: 5 }, { stage: "beta", percent: 5 }],
    ["a percent equal to a stage's", { percent: 10 }, { stage: "ten", percent: 10 }],
    ["the current stage (holding it there)", { stage: "quarter" }, { stage: "quarter", percent: 25 }],
  ])("goes back to %s", (_name, to, expected) => {
    expect(rollback(ctx(QUARTER, MONDAY_10AM), { by: "olga", to, reason: "r" }).state).toMatchObject({ ...expected, status: "rolled-back" });
  });

  it.each<[string, Parameters<typeof rollback>[1]["to"], string]>([
    ["a stage above the current one", { stage: "half" }, "Cannot roll back playlist-editor to half (50%): that is above where it is, quarter (25%). /promote moves forward."],
    ["a percent above the current one", { percent: 30 }, "Cannot roll back playlist-editor to 30%: that is above where it is, quarter (25%). /promote moves forward."],
    ["a stage the plan does not have", { stage: "nope" }, "Cannot roll back playlist-editor: the plan has no stage nope (stages: internal, beta, ten, quarter, half, full)."],
    ["a percent above 100", { percent: 150 }, "Cannot roll back playlist-editor: no stage of the plan can serve 150% (stages: internal (0%), beta (1%), ten (10%), quarter (25%), half (50%), full (100%))."],
  ])("refuses %s", (_name, to, message) => {
    const r = rollback(ctx(QUARTER, MONDAY_10AM), { by: "olga", to, reason: "r" });
    expect(r).toMatchObject({ state: QUARTER, effects: [], outcome: { done: false, message } });
  });

  it("refuses a percent below every stage", () => {
    const p = plan({ stages: plan().stages.slice(1) });
    expect(rollbackTarget(p, { percent: 0 })).toBe("no stage of the plan can serve 0% (stages: beta (1%), ten (10%), quarter (25%), half (50%), full (100%))");
  });

  it("is idempotent: rolling back again to where it already is changes nothing", () => {
    const once = rollback(ctx(QUARTER, MONDAY_10AM), { by: "olga", to: null, reason: "bad" });
    const twice = rollback(ctx(once.state, MONDAY_10AM + HOUR), { by: "olga", to: null, reason: "bad" });
    expect(twice).toMatchObject({ state: once.state, effects: [], outcome: { done: false, refusal: { kind: "already-rolled-back" }, message: "playlist-editor is already rolled back to internal (0%)." } });
    const whilePaused: RolloutState = { ...once.state, status: "paused", resumeTo: "rolled-back" };
    expect(rollback(ctx(whilePaused, MONDAY_10AM + HOUR), { by: "olga", to: null, reason: "bad" }).state).toBe(whilePaused);
  });

  it("goes further back from a partial rollback", () => {
    const partial = rollback(ctx(QUARTER, MONDAY_10AM), { by: "olga", to: { stage: "ten" }, reason: "first step" }).state;
    expect(rollback(ctx(partial, MONDAY_10AM + HOUR), { by: "olga", to: null, reason: "still bad" }).state).toMatchObject({ stage: "internal", percent: 0 });
  });

  it("stops a rollout that is still at its target (nothing lowered, but no more promotion)", () => {
    const r = rollback(ctx(state("internal", MONDAY_10AM - DAY), MONDAY_10AM), { by: "olga", to: null, reason: "hold everything" });
    expect(r.state).toMatchObject({ stage: "internal", percent: 0, status: "rolled-back" });
  });

  it("refuses before the start: nothing is exposed", () => {
    const s: RolloutState = { ...state("internal", MONDAY_10AM), status: "awaiting-signoff", approvals: SIGNED_OFF };
    expect(rollback(ctx(s, MONDAY_10AM), { by: "olga", to: null, reason: "r" }).outcome).toMatchObject({ done: false, refusal: { kind: "not-started" }, message: "Cannot roll back playlist-editor: the rollout has not started, nothing is exposed." });
  });

  it("targets a stage by name when the plan says so", () => {
    const p = plan({ rollback: { ...plan().rollback, to: { stage: "beta" } } });
    expect(rollback(ctx(QUARTER, MONDAY_10AM, { plan: p }), { by: "olga", to: null, reason: "r" }).state).toMatchObject({ stage: "beta", percent: 1 });
  });
});
