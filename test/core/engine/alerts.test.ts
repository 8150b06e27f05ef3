import { describe, expect, it } from "vitest";
import { evaluate } from "../../../core/engine/index.js";
import type { Facts, RolloutState } from "../../../core/model.js";
import { HOUR, MIN, MONDAY_10AM, ctx, dur, healthy, instant, plan, providerError, series, state, window, withMetrics } from "./fixtures.js";

// Ten, baked for 1h of 24h: no promotion can happen, so every change below is the alert's.
const TEN = state("ten", MONDAY_10AM - HOUR);
const errorRateNow = (now: number, value: number | null): Facts => withMetrics(healthy(now), { "error-rate": instant(now, value) });
const comments = (r: ReturnType<typeof evaluate>) => r.effects.filter((e) => e.type === "comment").map((e) => (e.type === "comment" ? e.body : ""));

describe("alerts", () => {
  // `>` is written as `&gt;` by the escaper: it renders as `>` and cannot open a blockquote or HTML.
  it("comment once when a rule starts holding, stay quiet while it holds, comment once when it stops", () => {
    const t0 = MONDAY_10AM;
    const opened = evaluate(ctx(TEN, t0, { facts: errorRateNow(t0, 0.012) }));
    expect(opened.state.openAlerts).toEqual([{ alert: 0, gate: "error-rate", since: "2026-12-07T15:00:00Z" }]);
    expect(opened.state.history).toEqual([{ at: "2026-12-07T15:00:00Z", action: "alert", from: null, to: null, by: "stagegate", reason: "error-rate > 0.01: error-rate is 0.012" }]);
    expect(opened.effects[0]).toEqual({ type: "commit-state", message: "playlist-editor: alert error-rate > 0.01 opened (error-rate is 0.012)" });
    expect(comments(opened)).toEqual(["🔔 **Alert**: playlist-editor: error-rate is 0.012, alert when error-rate &gt; 0.01. No action is taken; this is for people to look at.\n\ncc @acme/sre"]);
    expect(opened.outcome).toMatchObject({ done: true, action: "alert" });

    const t1 = t0 + 15 * MIN;
    const still = evaluate(ctx(opened.state, t1, { facts: errorRateNow(t1, 0.03) }));
    expect(still.state).toBe(opened.state);
    expect(still.effects).toEqual([]);

    const t2 = t1 + 15 * MIN;
    const closed = evaluate(ctx(still.state, t2, { facts: errorRateNow(t2, 0.004) }));
    expect(closed.state.openAlerts).toEqual([]);
    expect(closed.state.history.at(-1)).toEqual({ at: "2026-12-07T15:30:00Z", action: "alert-resolved", from: null, to: null, by: "stagegate", reason: "error-rate > 0.01 no longer holds: error-rate is 0.004" });
    expect(comments(closed)).toEqual(["✅ **Alert resolved**: playlist-editor: error-rate is 0.004, no longer error-rate &gt; 0.01 (alerting since 2026-12-07 15:00 UTC).\n\ncc @acme/sre"]);

    const t3 = t2 + 15 * MIN;
    expect(evaluate(ctx(closed.state, t3, { facts: errorRateNow(t3, 0.004) })).state).toBe(closed.state);
  });

  it.each<[string, Facts]>([
    ["no data", errorRateNow(MONDAY_10AM, null)],
    ["a provider error", withMetrics(healthy(MONDAY_10AM), { "error-rate": providerError() })],
  ])("neither opens nor closes an episode on %s", (_name, facts) => {
    expect(evaluate(ctx(TEN, MONDAY_10AM, { facts })).state.openAlerts).toEqual([]);
    const open: RolloutState = { ...TEN, openAlerts: [{ alert: 0, gate: "error-rate", since: "2026-12-07T14:00:00Z" }] };
    const r = evaluate(ctx(open, MONDAY_10AM, { facts }));
    expect(r.state).toBe(open);
    expect(r.effects).toEqual([]);
  });

  it("quietly ends episodes of rules that left the plan", () => {
    const open: RolloutState = { ...TEN, openAlerts: [{ alert: 3, gate: "latency", since: "2026-12-07T14:00:00Z" }] };
    const r = evaluate(ctx(open, MONDAY_10AM));
    expect(r.state.openAlerts).toEqual([]);
    expect(r.state.history.at(-1)).toMatchObject({ action: "alert-resolved", reason: "alert on latency is no longer in the plan" });
    expect(comments(r)).toEqual([]);
  });

  it("judges a windowed alert over its whole window and says so", () => {
    const p = plan({ alerts: [{ gate: "error-rate", above: 0.01, below: null, for: dur("1h"), notify: [] }] });
    const now = MONDAY_10AM;
    const facts = withMetrics(healthy(now), { "error-rate@1h": window(series(now, HOUR, (t) => (t === now ? 0.03 : 0.02))) });
    const r = evaluate(ctx(TEN, now, { plan: p, facts }));
    expect(comments(r)).toEqual(["🔔 **Alert**: playlist-editor: error-rate stayed &gt; 0.01 over the last 1h (lowest 0.02, latest 0.03), alert when error-rate &gt; 0.01 for 1h. No action is taken; this is for people to look at."]);
  });

  it.each([
    ["a lower bound: the highest sample shows it stayed below", { below: 5, above: null }, (t: number) => (t === MONDAY_10AM ? 2 : 4), "saves stayed &lt; 5 over the last 1h (highest 4, latest 2)"],
    ["a band: the sample nearest an edge", { below: 10, above: 5 }, (t: number) => (t === MONDAY_10AM ? 7 : 9), "saves stayed &gt; 5 and &lt; 10 over the last 1h (nearest the bound 9, latest 7)"],
  ])("describes a windowed alert on %s", (_name, bounds, value, words) => {
    const p = plan({ gates: [{ name: "saves", query: "q", below: null, above: 1, noData: "hold", for: null }], rollback: { ...plan().rollback, when: [] }, alerts: [{ gate: "saves", ...bounds, for: dur("1h"), notify: [] }] });
    const facts = { metrics: { saves: instant(MONDAY_10AM, 3), "saves@1h": window(series(MONDAY_10AM, HOUR, value)) } };
    expect(comments(evaluate(ctx(TEN, MONDAY_10AM, { plan: p, facts })))[0]).toContain(words);
  });

  it("keeps alerting after the rollout is complete", () => {
    const done = state("full", MONDAY_10AM - HOUR, { status: "complete" });
    expect(evaluate(ctx(done, MONDAY_10AM, { facts: errorRateNow(MONDAY_10AM, 0.02) })).state.openAlerts).toHaveLength(1);
  });
});
