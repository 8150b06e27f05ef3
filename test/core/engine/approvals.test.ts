import { describe, expect, it } from "vitest";
import { approve, initialState, recordTicks, withdraw } from "../../../core/engine/index.js";
import { NO_FACTS } from "../../../core/model.js";
import { INTERNAL_EXIT, MONDAY_10AM, SIGNED_OFF, ctx, plan, settings, state } from "./fixtures.js";

const INTERNAL = state("internal", MONDAY_10AM - 1000, { approvals: SIGNED_OFF });

describe("approve", () => {
  it("records a verified tick with who and when, in the approvals and the history", () => {
    const r = approve(ctx(INTERNAL, MONDAY_10AM), { item: "no-critical-bugs", stage: "internal", by: "quinn" });
    expect(r.state.approvals).toEqual([...SIGNED_OFF, { item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-12-07T15:00:00Z" }]);
    expect(r.state.history).toEqual([{ at: "2026-12-07T15:00:00Z", action: "approve", from: null, to: null, by: "quinn", reason: "exit item no-critical-bugs (No critical bugs) of stage internal" }]);
    expect(r.effects).toEqual([{ type: "commit-state", message: "playlist-editor: approve exit item no-critical-bugs (No critical bugs) of stage internal by @quinn" }, { type: "render-issue" }]);
    expect(r.outcome).toEqual({ done: true, action: "approve", message: "Recorded @quinn's approval of exit item no-critical-bugs (No critical bugs) of stage internal." });
  });

  it("records sign-off items without a stage", () => {
    const r = approve(ctx(state("internal", MONDAY_10AM, { approvals: [] }), MONDAY_10AM), { item: "security", stage: null, by: "sam" });
    expect(r.state.approvals).toEqual([{ item: "security", stage: null, by: "sam", at: "2026-12-07T15:00:00Z" }]);
  });

  it("changes nothing when the item is already approved", () => {
    const s = state("internal", MONDAY_10AM, { approvals: [INTERNAL_EXIT] });
    expect(approve(ctx(s, MONDAY_10AM), { item: "no-critical-bugs", stage: "internal", by: "qiu" })).toEqual({
      state: s,
      effects: [],
      outcome: { done: false, refusal: { kind: "already-approved", by: "quinn", at: "2026-11-30T16:02:11Z" }, message: "Exit item no-critical-bugs (No critical bugs) of stage internal is already approved by @quinn (2026-11-30T16:02:11Z)." },
    });
  });

  it.each([
    ["an unknown sign-off item", { item: "vibes", stage: null }, "The plan has no sign-off item vibes (sign-off items: code-review, security)."],
    ["an unknown stage", { item: "no-critical-bugs", stage: "gamma" }, "The plan has no stage gamma (stages: internal, beta, ten, quarter, half, full)."],
    ["an unknown exit item", { item: "vibes", stage: "internal" }, "Stage internal has no exit item vibes (exit items: no-critical-bugs)."],
    ["an item of a stage without exit items", { item: "vibes", stage: "beta" }, "Stage beta has no exit item vibes (exit items: none)."],
  ])("refuses %s", (_name, ref, message) => {
    expect(approve(ctx(INTERNAL, MONDAY_10AM), { ...ref, by: "quinn" })).toMatchObject({ state: INTERNAL, effects: [], outcome: { done: false, refusal: { kind: "unknown-item", item: ref.item, stage: ref.stage }, message } });
  });

  it("refuses sign-off items when the plan has none", () => {
    const p = plan({ signoff: [] });
    expect(approve(ctx(INTERNAL, MONDAY_10AM, { plan: p }), { item: "x", stage: null, by: "q" }).outcome.message).toBe("The plan has no sign-off item x (sign-off items: none).");
  });
});

describe("withdraw", () => {
  const ticked = state("internal", MONDAY_10AM - 1000, { approvals: [...SIGNED_OFF, INTERNAL_EXIT] });

  it("removes the approval and records who withdrew whose approval", () => {
    const r = withdraw(ctx(ticked, MONDAY_10AM), { item: "no-critical-bugs", stage: "internal", by: "qiu" });
    expect(r.state.approvals).toEqual(SIGNED_OFF);
    expect(r.state.history).toEqual([{ at: "2026-12-07T15:00:00Z", action: "withdraw", from: null, to: null, by: "qiu", reason: "exit item no-critical-bugs (No critical bugs) of stage internal (approved by quinn)" }]);
    expect(r.effects[0]).toEqual({ type: "commit-state", message: "playlist-editor: withdraw approval of exit item no-critical-bugs (No critical bugs) of stage internal by @qiu" });
    expect(r.outcome.message).toBe("Withdrew the approval of exit item no-critical-bugs (No critical bugs) of stage internal.");
  });

  it("changes nothing when the item is not approved", () => {
    expect(withdraw(ctx(INTERNAL, MONDAY_10AM), { item: "no-critical-bugs", stage: "internal", by: "qiu" }).outcome).toMatchObject({ done: false, refusal: { kind: "not-approved" }, message: "Exit item no-critical-bugs (No critical bugs) of stage internal is not approved: nothing to withdraw." });
    expect(withdraw(ctx(INTERNAL, MONDAY_10AM), { item: "ghost", stage: null, by: "qiu" }).outcome).toMatchObject({ done: false, refusal: { kind: "unknown-item" }, message: "The plan has no sign-off item ghost (sign-off items: code-review, security)." });
  });

  it("can withdraw an approval of an item the plan has since dropped", () => {
    const s = state("internal", MONDAY_10AM, { approvals: [{ item: "old-item", stage: null, by: "erin", at: "2026-11-01T00:00:00Z" }] });
    const r = withdraw(ctx(s, MONDAY_10AM), { item: "old-item", stage: null, by: "erin" });
    expect(r.state.approvals).toEqual([]);
    expect(r.state.history[0]?.reason).toBe("sign-off item old-item (approved by erin)");
  });
});

describe("recordTicks (sign-offs before the start)", () => {
  it("records ticks and unticks in order, keeping the first signature of an item ticked twice", () => {
    const p = plan();
    const now = new Date(MONDAY_10AM);
    const before = initialState(p, now, [{ item: "code-review", stage: null, by: "erin", at: "2026-11-30T15:00:00Z" }]);
    const after = recordTicks({ settings: settings(), plan: p, state: before, facts: NO_FACTS, now }, [
      { item: "code-review", stage: null, by: "eve", checked: true },
      { item: "security", stage: null, by: "sam", checked: true },
    ]);
    expect(after.approvals).toEqual([
      { item: "code-review", stage: null, by: "erin", at: "2026-11-30T15:00:00Z" },
      { item: "security", stage: null, by: "sam", at: "2026-12-07T15:00:00Z" },
    ]);
    const withdrawn = recordTicks({ settings: settings(), plan: p, state: after, facts: NO_FACTS, now }, [{ item: "code-review", stage: null, by: "erin", checked: false }]);
    expect(withdrawn.approvals.map((a) => a.item)).toEqual(["security"]);
  });
});
