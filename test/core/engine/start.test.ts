import { describe, expect, it } from "vitest";
import { initialState, start } from "../../../core/engine/index.js";
import { MONDAY_10AM, SIGNED_OFF, at, ctx, plan } from "./fixtures.js";

const fresh = () => initialState(plan(), new Date(MONDAY_10AM - 3_600_000), SIGNED_OFF);

describe("initialState", () => {
  it("waits for sign-off at the first stage with nothing exposed", () => {
    expect(initialState(plan(), new Date(MONDAY_10AM + 123), [])).toEqual({
      rollout: "playlist-editor",
      trackingIssue: null,
      stage: "internal",
      percent: 0,
      status: "awaiting-signoff",
      entered: "2026-12-07T15:00:00Z",
      resumeTo: null,
      approvals: [],
      openAlerts: [],
      history: [],
    });
  });

  it("keeps only sign-offs of items the plan has, each once", () => {
    const s = initialState(plan(), new Date(MONDAY_10AM), [
      ...SIGNED_OFF,
      { item: "code-review", stage: null, by: "someone-else", at: "2026-12-01T00:00:00Z" },
      { item: "dropped-item", stage: null, by: "erin", at: "2026-12-01T00:00:00Z" },
      { item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-12-01T00:00:00Z" },
      { item: "no-critical-bugs", stage: "beta", by: "quinn", at: "2026-12-01T00:00:00Z" },
    ]);
    expect(s.approvals).toEqual([...SIGNED_OFF, { item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-12-01T00:00:00Z" }]);
  });
});

describe("start", () => {
  it("enters the first stage when signed off and the calendar is open", () => {
    const r = start(ctx(fresh(), MONDAY_10AM));
    expect(r.state).toEqual({
      ...fresh(),
      status: "progressing",
      percent: 0,
      entered: "2026-12-07T15:00:00Z",
      history: [{ at: "2026-12-07T15:00:00Z", action: "start", from: null, to: "internal", by: "stagegate", reason: "sign-off complete (2 items)" }],
    });
    expect(r.effects).toEqual([
      { type: "commit-state", message: "playlist-editor: start at internal (0%): sign-off complete (2 items)" },
      { type: "render-issue" },
      { type: "comment", body: "▶️ **Started**: playlist-editor entered internal (0%): sign-off complete (2 items).\n\n👤 Next: the exit checklist of internal, ticked in this issue by @quinn @qiu (qa-lead).\n\ncc @pam\n\n<!-- stagegate:announce playlist-editor start@2026-12-07T15:00:00Z -->", key: "start@2026-12-07T15:00:00Z" },
    ]);
    expect(r.outcome).toEqual({ done: true, action: "start", message: "Started playlist-editor at internal (0%)." });
  });

  it.each([
    ["without the whole sign-off", { ...fresh(), approvals: SIGNED_OFF.slice(0, 1) }, MONDAY_10AM, "- 1 sign-off item is not ticked: Security review completed (security-lead: sam)"],
    ["without any sign-off", { ...fresh(), approvals: [] }, MONDAY_10AM, "- 2 sign-off items are not ticked: Code review completed (engineering-lead: acme/eng-leads), Security review completed (security-lead: sam)"],
    ["outside business hours", fresh(), at("2026-12-05T15:00:00Z"), "- calendar: outside business hours (mon-fri 09:00-17:00 America/New_York), opens 2026-12-07 14:00 UTC"],
    ["after hours on a weekday", fresh(), at("2026-12-07T22:00:00Z"), "- calendar: outside business hours (mon-fri 09:00-17:00 America/New_York), opens 2026-12-08 14:00 UTC"],
    ["in a freeze", fresh(), at("2026-12-22T15:00:00Z"), "- calendar: inside the freeze 2026-12-20/2027-01-04, opens 2027-01-05 14:00 UTC"],
  ])("is refused %s, saying why", (_name, s, now, line) => {
    const r = start(ctx(s, now));
    expect(r.state).toBe(s);
    expect(r.effects).toEqual([]);
    expect(r.outcome).toMatchObject({ done: false, refusal: { kind: "blocked" }, message: `Cannot start playlist-editor yet:\n${line}` });
  });

  it("does nothing to a rollout that has started", () => {
    const s = start(ctx(fresh(), MONDAY_10AM)).state;
    expect(start(ctx(s, MONDAY_10AM + 1000))).toMatchObject({ state: s, effects: [], outcome: { done: false, refusal: { kind: "already-started" }, message: "The rollout has already started (status progressing)." } });
  });

  it("waits for /resume when paused before the start", () => {
    const s = { ...fresh(), status: "paused" as const, resumeTo: "awaiting-signoff" as const };
    expect(start(ctx(s, MONDAY_10AM)).outcome).toMatchObject({ done: false, refusal: { kind: "paused-before-start" }, message: "The rollout is paused before its start; /resume first." });
  });

  it("completes a plan whose only stage is the first", () => {
    const p = plan({ signoff: plan().signoff.slice(0, 1), stages: [{ name: "everyone", percent: 100, audience: null, bake: null, exit: [] }] });
    const r = start(ctx(initialState(p, new Date(MONDAY_10AM), SIGNED_OFF), MONDAY_10AM, { plan: p }));
    expect(r.state.status).toBe("complete");
    expect(r.state.percent).toBe(100);
    expect(r.state.history.map((h) => [h.action, h.reason])).toEqual([
      ["start", "sign-off complete (1 item)"],
      ["complete", "everyone is the last stage"],
    ]);
  });

  it("refuses a plan without stages", () => {
    const p = plan({ stages: [] });
    expect(start(ctx(initialState(p, new Date(MONDAY_10AM), SIGNED_OFF), MONDAY_10AM, { plan: p })).outcome).toMatchObject({ done: false, refusal: { kind: "no-stages" }, message: "The plan has no stages to start." });
  });

  it("starts at once without business hours, whatever the day", () => {
    const s = settingsWithoutHours();
    expect(start(ctx(fresh(), at("2026-12-05T03:00:00Z"), { settings: s })).outcome.done).toBe(true);
  });
});

function settingsWithoutHours() {
  const base = ctx(fresh(), MONDAY_10AM).settings;
  return { ...base, calendar: { ...base.calendar, businessHours: null } };
}
