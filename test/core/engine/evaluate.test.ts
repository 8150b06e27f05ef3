import { describe, expect, it } from "vitest";
import { eligibility, evaluate, initialState, resume } from "../../../core/engine/index.js";
import type { Facts, RolloutState } from "../../../core/model.js";
import { DAY, HOUR, MIN, MONDAY_10AM, SIGNED_OFF, at, ctx, healthy, instant, plan, providerError, series, state, window, withMetrics } from "./fixtures.js";

const QUARTER = state("quarter", MONDAY_10AM - 2 * HOUR);

/** error-rate at `value` for the last hour (its 1h window), and at `value` right now. */
function errorRate(now: number, value: (t: number) => number | null): Facts {
  const samples = series(now, HOUR, value);
  return withMetrics(healthy(now), { "error-rate@1h": window(samples), "error-rate": instant(now, samples[samples.length - 1]?.value ?? null) });
}

describe("evaluate: the scheduled run", () => {
  it("starts a signed-off rollout when the calendar opens", () => {
    const waiting = initialState(plan(), new Date(at("2026-12-05T12:00:00Z")), SIGNED_OFF);
    expect(evaluate(ctx(waiting, at("2026-12-05T15:00:00Z"))).state).toBe(waiting);
    const started = evaluate(ctx(waiting, MONDAY_10AM));
    expect(started.state).toMatchObject({ status: "progressing", stage: "internal", entered: "2026-12-07T15:00:00Z" });
    expect(started.outcome).toMatchObject({ done: true, action: "start" });
  });

  it("promotes when everything allows, one stage per run", () => {
    const s = state("internal", MONDAY_10AM - 60 * DAY);
    const r = evaluate(ctx(s, MONDAY_10AM));
    expect(r.state.stage).toBe("beta");
    expect(r.effects.map((e) => e.type)).toEqual(["commit-state", "render-issue", "comment"]);
    expect(evaluate(ctx(r.state, MONDAY_10AM)).state).toBe(r.state);
  });

  it("does nothing, says why, and commits nothing while a stage bakes", () => {
    const s = state("ten", MONDAY_10AM - HOUR);
    expect(evaluate(ctx(s, MONDAY_10AM))).toMatchObject({ state: s, effects: [], outcome: { done: false, refusal: { kind: "blocked" }, message: "Cannot promote playlist-editor to quarter (25%):\n- bake: 23h left (until 2026-12-08 14:00 UTC)" } });
  });

  it("drives the seed's plan from sign-off to 100% on timestamps alone", () => {
    let s = initialState(plan(), new Date(at("2026-12-04T20:00:00Z")), [...SIGNED_OFF, { item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-12-04T20:00:00Z" }]);
    let now = at("2026-12-04T20:00:00Z");
    const entered: Record<string, string> = {};
    for (let run = 0; run < 20 && s.status !== "complete"; run++) {
      s = evaluate(ctx(s, now)).state;
      entered[s.stage] ??= s.entered;
      const next = eligibility(ctx(s, now)).earliest;
      now = next === null ? now + HOUR : Math.max(Date.parse(next), now + MIN);
    }
    // internal on Friday 15:00 New York; beta a week later; the freeze holds ten until
    // 5 January; quarter's 8h business bake fills Thursday 09:00-17:00.
    expect(entered).toEqual({
      internal: "2026-12-04T20:00:00Z",
      beta: "2026-12-11T20:00:00Z",
      ten: "2027-01-05T14:00:00Z",
      quarter: "2027-01-06T14:00:00Z",
      half: "2027-01-07T14:00:00Z",
      full: "2027-01-08T14:00:00Z",
    });
    expect(s.history.map((h) => h.action)).toEqual(["start", "promote", "promote", "promote", "promote", "promote", "complete"]);
  });

  describe("automatic rollback", () => {
    it("rolls back on a breach sustained over the rule's whole window, naming rule, value and window", () => {
      const now = MONDAY_10AM;
      const facts = errorRate(now, (t) => (t === now - 20 * MIN ? 0.06 : 0.07));
      const r = evaluate(ctx(QUARTER, now, { facts }));
      expect(r.state).toMatchObject({ stage: "internal", percent: 0, status: "rolled-back" });
      const reason = "rule error-rate > 0.05 for 1h held (lowest 0.06 over the last 1h, latest 0.07)";
      expect(r.state.history[0]).toEqual({ at: "2026-12-07T15:00:00Z", action: "rollback", from: "quarter", to: "internal", by: "stagegate", reason });
      const commit = r.effects[0];
      expect(commit).toEqual({
        type: "commit-state",
        message: `playlist-editor: automatic rollback quarter (25%) → internal (0%): ${reason}\n\nplaylist-editor: alert error-rate > 0.01 opened (error-rate is 0.07)`,
      });
      expect(r.effects.filter((e) => e.type === "commit-state")).toHaveLength(1);
      expect(r.effects[1]).toEqual({ type: "render-issue" });
      expect(r.effects[2]).toMatchObject({ type: "comment", body: expect.stringMatching(/^⏪ \*\*Automatic rollback\*\*: .*\n\ncc @acme\/sre\n\n<!-- stagegate:announce playlist-editor rollback@\S+ -->$/) });
      expect(r.effects[3]).toMatchObject({ type: "comment", body: expect.stringMatching(/^🔔 \*\*Alert\*\*/) });
      expect(r.outcome).toMatchObject({ done: true, action: "rollback" });
    });

    it.each<[string, Facts]>([
      ["a brief spike", errorRate(MONDAY_10AM, (t) => (t >= MONDAY_10AM - 10 * MIN ? 0.3 : 0.0002))],
      ["a breach that started 40 minutes ago", errorRate(MONDAY_10AM, (t) => (t >= MONDAY_10AM - 40 * MIN ? 0.3 : 0.0002))],
      ["a breach with a hole in the data", errorRate(MONDAY_10AM, (t) => (t > MONDAY_10AM - 30 * MIN && t < MONDAY_10AM - 20 * MIN ? null : 0.3))],
      ["a metrics provider error", withMetrics(healthy(MONDAY_10AM), { "error-rate@1h": providerError(), "error-rate": providerError() })],
      ["no observation for the rule's window", withMetrics(errorRate(MONDAY_10AM, () => 0.3), { "error-rate@1h": undefined as never })],
    ])("does not roll back on %s", (_name, facts) => {
      const metrics = Object.fromEntries(Object.entries(facts.metrics).filter(([, v]) => v !== undefined));
      const r = evaluate(ctx(QUARTER, MONDAY_10AM, { facts: { metrics } }));
      expect(r.state.stage).toBe("quarter");
      expect(r.state.history.some((h) => h.action === "rollback")).toBe(false);
    });

    it("rolls back on an instant rule at once, naming the value", () => {
      const p = plan({ rollback: { ...plan().rollback, when: [{ gate: "error-rate", above: 0.5, below: null, for: null }] } });
      const r = evaluate(ctx(QUARTER, MONDAY_10AM, { plan: p, facts: errorRate(MONDAY_10AM, () => 0.9) }));
      expect(r.state.history[0]?.reason).toBe("rule error-rate > 0.5 held (value 0.9)");
    });

    it("rolls back while paused and during a freeze", () => {
      const now = at("2026-12-22T15:00:00Z");
      const paused: RolloutState = { ...state("quarter", now - 2 * HOUR), status: "paused", resumeTo: "progressing" };
      expect(evaluate(ctx(paused, now, { facts: errorRate(now, () => 0.07) })).state).toMatchObject({ status: "rolled-back", percent: 0 });
    });

    it("does not roll back again after a rollback and /resume while the old breach is still in the window", () => {
      const now = MONDAY_10AM;
      const facts = errorRate(now, () => 0.07);
      const rolledBack = evaluate(ctx(QUARTER, now, { facts })).state;
      const resumed = resume(ctx(rolledBack, now + 10 * MIN), { by: "olga" }).state;
      const later = evaluate(ctx(resumed, now + 10 * MIN, { facts: errorRate(now + 10 * MIN, () => 0.07) }));
      expect(later.state.status).toBe("progressing");
      expect(later.state.history.filter((h) => h.action === "rollback")).toHaveLength(1);
    });

    it("does not promote in the run that rolled back", () => {
      const now = MONDAY_10AM;
      const r = evaluate(ctx(state("beta", now - 30 * DAY), now, { facts: errorRate(now, () => 0.07) }));
      expect(r.state.stage).toBe("internal");
      expect(r.state.history.filter((h) => h.action === "promote")).toEqual([]);
    });
  });

  it("does nothing to a complete, healthy rollout", () => {
    const done = state("full", MONDAY_10AM - DAY, { status: "complete" });
    expect(evaluate(ctx(done, MONDAY_10AM))).toMatchObject({ state: done, effects: [], outcome: { done: false, refusal: { kind: "nothing-to-do" }, message: "playlist-editor: nothing to do (status complete)." } });
  });

  it("does nothing to a rolled-back rollout until /resume", () => {
    const back = state("internal", MONDAY_10AM - 30 * DAY, { status: "rolled-back" });
    expect(evaluate(ctx(back, MONDAY_10AM)).state).toBe(back);
  });
});
