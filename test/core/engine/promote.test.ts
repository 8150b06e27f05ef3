import { describe, expect, it } from "vitest";
import { eligibility, promote } from "../../../core/engine/index.js";
import { MENTION_BREAK } from "../../../core/markdown/escape.js";
import type { RolloutState } from "../../../core/model.js";
import { DAY, HOUR, MONDAY_10AM, SIGNED_OFF, at, ctx, healthy, instant, plan, state, withMetrics } from "./fixtures.js";

const TEN_BAKED = state("ten", MONDAY_10AM - 25 * HOUR);
const FAILING = withMetrics(healthy(MONDAY_10AM), { "error-rate": instant(MONDAY_10AM, 0.0123) });

describe("promote", () => {
  it("moves one stage forward, restarts the bake clock and says what and why", () => {
    const r = promote(ctx(TEN_BAKED, MONDAY_10AM), { by: "pam", force: null });
    expect(r.state).toEqual({
      ...TEN_BAKED,
      stage: "quarter",
      percent: 25,
      entered: "2026-12-07T15:00:00Z",
      history: [{ at: "2026-12-07T15:00:00Z", action: "promote", from: "ten", to: "quarter", by: "pam", reason: "bake 24h elapsed, gates passed" }],
    });
    expect(r.effects).toEqual([
      { type: "commit-state", message: "playlist-editor: promote ten → quarter (25%): bake 24h elapsed, gates passed" },
      { type: "render-issue" },
      // The actor is named without being notified; the plan's notify roles are mentioned.
      { type: "comment", body: `🚀 **Promoted**: playlist-editor moved ten → quarter (25%) by @${MENTION_BREAK}pam: bake 24h elapsed, gates passed.\n\ncc @pam\n\n<!-- stagegate:announce playlist-editor promote@2026-12-07T15:00:00Z -->`, key: "promote@2026-12-07T15:00:00Z" },
    ]);
    expect(r.outcome).toEqual({ done: true, action: "promote", message: "Promoted playlist-editor ten → quarter (25%)." });
  });

  it("names the exit checklist among the reasons when the stage has one", () => {
    const r = promote(ctx(state("internal", MONDAY_10AM - 8 * DAY), MONDAY_10AM), { by: "stagegate", force: null });
    expect(r.effects[0]).toEqual({ type: "commit-state", message: "playlist-editor: promote internal → beta (1%): bake 7d elapsed, exit items ticked, gates passed" });
    expect(r.effects[2]).toMatchObject({ body: expect.stringContaining("by stagegate:") });
  });

  it("never skips a stage: long after every bake, still one stage per promotion", () => {
    const s = state("internal", MONDAY_10AM - 90 * DAY);
    const once = promote(ctx(s, MONDAY_10AM), { by: "pam", force: null });
    expect(once.state.stage).toBe("beta");
    const again = promote(ctx(once.state, MONDAY_10AM), { by: "pam", force: null });
    expect(again.state).toBe(once.state);
    expect(again.outcome.message).toBe("Cannot promote playlist-editor to ten (10%):\n- bake: 14d left (until 2026-12-21 15:00 UTC)");
  });

  it("completes the rollout on entering the last stage", () => {
    const r = promote(ctx(state("half", MONDAY_10AM - 2 * DAY), MONDAY_10AM), { by: "stagegate", force: null });
    expect(r.state).toMatchObject({ stage: "full", percent: 100, status: "complete" });
    expect(r.state.history.map((h) => [h.action, h.to])).toEqual([
      ["promote", "full"],
      ["complete", "full"],
    ]);
    expect(r.effects[2]).toMatchObject({ body: expect.stringContaining("The rollout is complete.") });
    expect(promote(ctx(r.state, MONDAY_10AM + DAY), { by: "pam", force: null }).outcome).toMatchObject({ done: false, refusal: { kind: "blocked" }, message: "Cannot promote playlist-editor:\n- the rollout is complete at full (100%)" });
  });

  it("says so when a stage had nothing to wait for", () => {
    const p = plan({ gates: [], stages: plan().stages.map((s) => (s.name === "ten" ? { ...s, bake: null } : s)) });
    const r = promote(ctx(state("ten", MONDAY_10AM - HOUR), MONDAY_10AM, { plan: p }), { by: "pam", force: null });
    expect(r.state.history[0]?.reason).toBe("nothing to wait for");
  });

  it("refuses before the start, even when signed off", () => {
    const s: RolloutState = { ...state("internal", MONDAY_10AM), status: "awaiting-signoff", approvals: SIGNED_OFF };
    expect(promote(ctx(s, MONDAY_10AM), { by: "pam", force: null }).outcome).toMatchObject({ done: false, refusal: { kind: "not-started" }, message: "Cannot promote playlist-editor to internal (0%): the rollout has not started yet." });
  });

  describe("--force", () => {
    it("bypasses failing gates and records who, why and what was bypassed", () => {
      const r = promote(ctx(TEN_BAKED, MONDAY_10AM, { facts: FAILING }), { by: "rita", force: { reason: "error-rate metric double-counts retries, see INC-7" } });
      const reason = "error-rate metric double-counts retries, see INC-7 (forced; gates bypassed: error-rate)";
      expect(r.state.history).toEqual([{ at: "2026-12-07T15:00:00Z", action: "force-promote", from: "ten", to: "quarter", by: "rita", reason }]);
      expect(r.effects[0]).toEqual({ type: "commit-state", message: `playlist-editor: force-promote ten → quarter (25%): ${reason}` });
      expect(r.outcome).toEqual({ done: true, action: "force-promote", message: "Force-promoted playlist-editor ten → quarter (25%)." });
    });

    it("is recorded as forced even when no gate needed bypassing", () => {
      const r = promote(ctx(TEN_BAKED, MONDAY_10AM), { by: "rita", force: { reason: "dashboard down" } });
      expect(r.state.history[0]?.reason).toBe("dashboard down (forced; gates bypassed: none were blocking)");
    });

    it.each<[string, RolloutState, number, string]>([
      ["the bake", state("ten", MONDAY_10AM - HOUR), MONDAY_10AM, "- bake: 23h left (until 2026-12-08 14:00 UTC)"],
      ["the calendar", state("ten", at("2026-12-03T15:00:00Z")), at("2026-12-22T15:00:00Z"), "- calendar: inside the freeze 2026-12-20/2027-01-04, opens 2027-01-05 14:00 UTC"],
      ["the exit checklist", state("internal", MONDAY_10AM - 8 * DAY, { approvals: SIGNED_OFF }), MONDAY_10AM, "- 1 exit item of stage internal is not ticked: No critical bugs (qa-lead: quinn or qiu)"],
      ["a pause", { ...TEN_BAKED, status: "paused", resumeTo: "progressing" }, MONDAY_10AM, "- the rollout is paused; /resume to continue"],
    ])("does not bypass %s", (_name, s, now, line) => {
      const r = promote(ctx(s, now, { facts: FAILING }), { by: "rita", force: { reason: "urgent" } });
      expect(r.state).toBe(s);
      expect(r.outcome.message).toMatch(/^Cannot force-promote playlist-editor to /);
      expect(r.outcome.message).toContain(line);
      expect(r.outcome.message).not.toContain("gate error-rate");
      expect(r.outcome.message).toContain("(--force bypasses gates only.)");
    });

    it("escapes the reason in the comment so it cannot mention or format", () => {
      const r = promote(ctx(TEN_BAKED, MONDAY_10AM), { by: "rita", force: { reason: "@everyone *now* [see](https://x)" } });
      const body = r.effects.find((e) => e.type === "comment");
      expect(body).toMatchObject({ body: expect.stringContaining(`@${MENTION_BREAK}everyone \\*now\\* \\[see\\]`) });
    });
  });

  it("agrees with eligibility: promotes exactly when eligible", () => {
    for (const hours of [1, 23, 24, 25]) {
      const c = ctx(state("ten", MONDAY_10AM - hours * HOUR), MONDAY_10AM);
      expect(promote(c, { by: "pam", force: null }).outcome.done).toBe(eligibility(c).eligible);
    }
  });
});
