import { describe, expect, it } from "vitest";
import type { Blocker } from "../../../core/decisions.js";
import { eligibility, promote } from "../../../core/engine/index.js";
import type { RolloutState } from "../../../core/model.js";
import { DAY, HOUR, INTERNAL_EXIT, MIN, MONDAY_10AM, SIGNED_OFF, at, ctx, healthy, instant, plan, providerError, settings, state, withMetrics } from "./fixtures.js";

const TEN_BAKED = state("ten", MONDAY_10AM - 25 * HOUR);
const messages = (blockers: Blocker[]) => blockers.map((b) => b.message);

describe("eligibility", () => {
  it("allows the next stage once everything allows it, earliest now", () => {
    expect(eligibility(ctx(TEN_BAKED, MONDAY_10AM))).toMatchObject({ eligible: true, next: { name: "quarter", percent: 25 }, blockers: [], earliest: "2026-12-07T15:00:00Z" });
  });

  it.each<[string, RolloutState, number, ReturnType<typeof healthy> | null, string[]]>([
    ["wall-clock bake left", state("ten", MONDAY_10AM - 18 * HOUR - 48 * MIN), MONDAY_10AM, null, ["bake: 5h 12m left (until 2026-12-07 20:12 UTC)"]],
    // Entered Friday 15:00 New York: 2h served on Friday, 1h on Monday morning.
    ["business bake left", state("quarter", at("2026-12-04T20:00:00Z")), MONDAY_10AM, null, ["bake: 5h of business hours left (until 2026-12-07 20:00 UTC)"]],
    ["paused", { ...TEN_BAKED, status: "paused", resumeTo: "progressing", history: [{ at: "2026-12-07T14:00:00Z", action: "pause", from: null, to: null, by: "pam", reason: "support is short-staffed" }] }, MONDAY_10AM, null, ["the rollout is paused by pam since 2026-12-07 14:00 UTC (support is short-staffed); /resume to continue"]],
    ["paused without a reason", { ...TEN_BAKED, status: "paused", resumeTo: "progressing", history: [{ at: "2026-12-07T14:00:00Z", action: "pause", from: null, to: null, by: "pam", reason: "" }] }, MONDAY_10AM, null, ["the rollout is paused by pam since 2026-12-07 14:00 UTC; /resume to continue"]],
    ["paused with no pause recorded", { ...TEN_BAKED, status: "paused", resumeTo: "progressing" }, MONDAY_10AM, null, ["the rollout is paused; /resume to continue"]],
    ["rolled back", { ...TEN_BAKED, status: "rolled-back" }, MONDAY_10AM, null, ["the rollout was rolled back to ten (10%); /resume restarts that stage (its bake starts again), then promotion continues"]],
    ["outside business hours", state("ten", at("2026-12-03T15:00:00Z")), at("2026-12-05T15:00:00Z"), null, ["calendar: outside business hours (mon-fri 09:00-17:00 America/New_York), opens 2026-12-07 14:00 UTC"]],
    ["in a freeze", TEN_BAKED, at("2026-12-22T15:00:00Z"), null, ["calendar: inside the freeze 2026-12-20/2027-01-04, opens 2027-01-05 14:00 UTC"]],
    ["a missing exit item", state("internal", MONDAY_10AM - 8 * DAY, { approvals: SIGNED_OFF }), MONDAY_10AM, null, ["1 exit item of stage internal is not ticked: No critical bugs (qa-lead: quinn or qiu)"]],
    ["an exit item ticked for another stage", state("internal", MONDAY_10AM - 8 * DAY, { approvals: [...SIGNED_OFF, { ...INTERNAL_EXIT, stage: "beta" }] }), MONDAY_10AM, null, ["1 exit item of stage internal is not ticked: No critical bugs (qa-lead: quinn or qiu)"]],
    ["a failing gate", TEN_BAKED, MONDAY_10AM, withMetrics(healthy(MONDAY_10AM), { "error-rate": instant(MONDAY_10AM, 0.0123) }), ["gate error-rate is 0.0123, needs < 0.001"]],
    ["a gate with no data (hold)", TEN_BAKED, MONDAY_10AM, withMetrics(healthy(MONDAY_10AM), { "save-p95-seconds": instant(MONDAY_10AM, null) }), ["gate save-p95-seconds has no data, needs < 2; promotion waits (no-data: hold)"]],
    ["a metrics provider error", TEN_BAKED, MONDAY_10AM, withMetrics(healthy(MONDAY_10AM), { "error-rate": providerError("timeout after 10s") }), ["gate error-rate could not be read (timeout after 10s); promotion waits until the metrics provider answers"]],
    ["gates nobody evaluated", TEN_BAKED, MONDAY_10AM, { metrics: {} }, ["gate error-rate was not evaluated (no metrics were supplied for it); promotion waits (no-data: hold)", "gate save-p95-seconds was not evaluated (no metrics were supplied for it); promotion waits (no-data: hold)"]],
  ])("blocks promotion with %s", (_name, s, now, facts, expected) => {
    const c = ctx(s, now, facts === null ? {} : { facts });
    const e = eligibility(c);
    expect(e.eligible).toBe(false);
    expect(messages(e.blockers)).toEqual(expected);
    const refused = promote(c, { by: "pam", force: null });
    expect(refused.state).toBe(s);
    expect(refused.effects).toEqual([]);
    for (const line of expected) expect(refused.outcome.message).toContain(`- ${line}`);
  });

  it("promotes once the business bake is served, not before", () => {
    const s = state("quarter", at("2026-12-04T20:00:00Z"));
    expect(eligibility(ctx(s, at("2026-12-07T19:59:00Z"))).eligible).toBe(false);
    expect(promote(ctx(s, at("2026-12-07T20:00:00Z")), { by: "stagegate", force: null }).state.stage).toBe("half");
  });

  it("lists every blocker at once, in a fixed order", () => {
    const s: RolloutState = { ...state("internal", MONDAY_10AM - 2 * DAY, { approvals: SIGNED_OFF }), status: "paused", resumeTo: "progressing" };
    const e = eligibility(ctx(s, at("2026-12-05T15:00:00Z"), { facts: withMetrics(healthy(at("2026-12-05T15:00:00Z")), { "error-rate": instant(0, 0.5) }) }));
    expect(e.blockers.map((b) => b.kind)).toEqual(["status", "items", "bake", "gate", "calendar"]);
    expect(e.gates.map((g) => g.status)).toEqual(["fail", "pass"]);
  });

  it("gives the bake blocker as data: until, remaining time and its kind", () => {
    const [bake] = eligibility(ctx(state("quarter", at("2026-12-04T20:00:00Z")), MONDAY_10AM)).blockers;
    expect(bake).toEqual({ kind: "bake", until: "2026-12-07T20:00:00Z", remainingMs: 5 * HOUR, business: true, message: "bake: 5h of business hours left (until 2026-12-07 20:00 UTC)" });
  });

  it("puts the earliest promotion at the first open instant after the bake", () => {
    // The 24h bake ends Friday 17:30 New York, after hours: Monday 09:00 it is.
    const e = eligibility(ctx(state("ten", at("2026-12-03T22:30:00Z")), at("2026-12-04T15:00:00Z")));
    expect(messages(e.blockers)).toEqual(["bake: 7h 30m left (until 2026-12-04 22:30 UTC)"]);
    expect(e.earliest).toBe("2026-12-07T14:00:00Z");
  });

  it("gives the calendar blocker the instant it opens after the bake", () => {
    const e = eligibility(ctx(state("ten", at("2026-12-07T01:00:00Z")), at("2026-12-05T15:00:00Z")));
    expect(e.blockers.find((b) => b.kind === "calendar")).toMatchObject({ reason: "business-hours", opensAt: "2026-12-08T14:00:00Z" });
  });

  it("says so when a business bake can never be served", () => {
    const closedForever = settings({ calendar: { ...settings().calendar, freezes: [{ start: 0, end: at("2040-01-01T00:00:00Z"), text: "2000-01-01/2039-12-31" }] } });
    const e = eligibility(ctx(state("quarter", MONDAY_10AM - HOUR), MONDAY_10AM, { settings: closedForever }));
    expect(messages(e.blockers)).toEqual([
      "bake: 8h of business hours left (never served: the calendar has no open time within two years; check .github/stagegate.yml)",
      "calendar: inside the freeze 2000-01-01/2039-12-31, and no open time comes within two years: check the calendar in .github/stagegate.yml",
    ]);
    expect(e.earliest).toBeNull();
  });

  it("before the start, asks only for the sign-off and the calendar", () => {
    const s: RolloutState = { ...state("internal", MONDAY_10AM), status: "awaiting-signoff", approvals: [] };
    const e = eligibility(ctx(s, MONDAY_10AM, { facts: { metrics: {} } }));
    expect(e.next).toEqual({ name: "internal", percent: 0 });
    expect(messages(e.blockers)).toEqual(["2 sign-off items are not ticked: Code review completed (engineering-lead: acme/eng-leads), Security review completed (security-lead: sam)"]);
  });

  it("has nothing to start in a plan without stages", () => {
    const s: RolloutState = { ...state("internal", MONDAY_10AM), status: "awaiting-signoff" };
    expect(eligibility(ctx(s, MONDAY_10AM, { plan: plan({ stages: [] }) }))).toMatchObject({ eligible: false, next: null, earliest: null });
  });

  it("has nothing next for a complete rollout", () => {
    const e = eligibility(ctx(state("full", MONDAY_10AM - DAY, { status: "complete" }), MONDAY_10AM));
    expect(e).toMatchObject({ eligible: false, next: null, earliest: null });
    expect(messages(e.blockers)).toEqual(["the rollout is complete at full (100%)"]);
  });

  it("has nothing next at the last stage, even if not marked complete", () => {
    const e = eligibility(ctx(state("full", MONDAY_10AM - DAY), MONDAY_10AM));
    expect(e.blockers).toEqual([{ kind: "last-stage", message: "full (100%) is the last stage: there is nothing to promote to" }]);
  });

  it("explains a stage the plan no longer has", () => {
    const e = eligibility(ctx(state("eleven", MONDAY_10AM - DAY), MONDAY_10AM));
    expect(messages(e.blockers)).toEqual(["stage eleven is not in the plan any more (stages: internal, beta, ten, quarter, half, full); /rollback to one of them to continue"]);
    expect(e.next).toBeNull();
  });

  it("holds a stage without a bake for at least a second, so a repeated step does not move twice", () => {
    const p = plan({ stages: plan().stages.map((s) => (s.name === "half" ? { ...s, bake: null } : s)) });
    const e = eligibility(ctx(state("half", MONDAY_10AM), MONDAY_10AM, { plan: p }));
    expect(messages(e.blockers)).toEqual(["stage half was entered at this instant; it can be left from 2026-12-07T15:00:01Z"]);
    expect(e.earliest).toBe("2026-12-07T15:00:01Z");
    expect(eligibility(ctx(state("half", MONDAY_10AM), MONDAY_10AM + 1000, { plan: p })).eligible).toBe(true);
  });

  it("names two or more missing exit items in one sentence", () => {
    const p = plan({ stages: plan().stages.map((s) => (s.name === "internal" ? { ...s, exit: [...s.exit, { id: "analytics", title: "Analytics events firing", role: "product-manager" }] } : s)) });
    const e = eligibility(ctx(state("internal", MONDAY_10AM - 8 * DAY, { approvals: SIGNED_OFF }), MONDAY_10AM, { plan: p }));
    expect(messages(e.blockers)).toEqual(["2 exit items of stage internal are not ticked: No critical bugs (qa-lead: quinn or qiu), Analytics events firing (product-manager: pam)"]);
  });
});
