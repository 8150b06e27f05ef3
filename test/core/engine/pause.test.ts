import { describe, expect, it } from "vitest";
import { eligibility, evaluate, pause, resume, rollback } from "../../../core/engine/index.js";
import { MENTION_BREAK } from "../../../core/markdown/escape.js";
import type { RolloutState } from "../../../core/model.js";
import { DAY, HOUR, MONDAY_10AM, SIGNED_OFF, ctx, state } from "./fixtures.js";

const TEN = state("ten", MONDAY_10AM - 20 * HOUR);

describe("pause", () => {
  it("holds promotion, remembers the status to return to and records why", () => {
    const r = pause(ctx(TEN, MONDAY_10AM), { by: "pam", reason: "support is short-staffed\nuntil Tuesday" });
    expect(r.state).toEqual({
      ...TEN,
      status: "paused",
      resumeTo: "progressing",
      history: [{ at: "2026-12-07T15:00:00Z", action: "pause", from: null, to: null, by: "pam", reason: "support is short-staffed until Tuesday" }],
    });
    expect(r.effects).toEqual([
      { type: "commit-state", message: "playlist-editor: pause at ten (10%) by @pam: support is short-staffed until Tuesday" },
      { type: "render-issue" },
      // Announced like a promotion, with the key of its history entry.
      {
        type: "comment",
        body: `⏸️ **Paused**: playlist-editor is paused at ten by @${MENTION_BREAK}pam: support is short-staffed until Tuesday. The bake clock keeps running; /resume to continue.\n\n<!-- stagegate:announce playlist-editor pause@2026-12-07T15:00:00Z -->`,
        key: "pause@2026-12-07T15:00:00Z",
      },
    ]);
    expect(r.outcome).toEqual({ done: true, action: "pause", message: "Paused playlist-editor at ten (10%). The bake clock keeps running; /resume to continue." });
  });

  it("does not stop the bake clock: after /resume the bake served while paused counts", () => {
    const paused = pause(ctx(TEN, MONDAY_10AM), { by: "pam", reason: "wait" }).state;
    const later = MONDAY_10AM + 5 * HOUR;
    expect(eligibility(ctx(paused, later)).blockers.map((b) => b.kind)).toEqual(["status"]);
    const resumed = resume(ctx(paused, later), { by: "pam" }).state;
    expect(resumed).toMatchObject({ status: "progressing", resumeTo: null, entered: TEN.entered });
    expect(eligibility(ctx(resumed, later)).eligible).toBe(true);
  });

  it("refuses to pause twice or to pause a complete rollout", () => {
    const paused = pause(ctx(TEN, MONDAY_10AM), { by: "pam", reason: "wait" }).state;
    expect(pause(ctx(paused, MONDAY_10AM), { by: "pam", reason: "again" })).toMatchObject({ state: paused, effects: [], outcome: { done: false, refusal: { kind: "already-paused" }, message: "playlist-editor is already paused; /resume to continue." } });
    const done = state("full", MONDAY_10AM, { status: "complete" });
    expect(pause(ctx(done, MONDAY_10AM), { by: "pam", reason: "x" }).outcome).toMatchObject({ done: false, refusal: { kind: "complete" }, message: "playlist-editor is complete: there is nothing to pause." });
  });

  it("before the start: holds the start until /resume", () => {
    const waiting: RolloutState = { ...state("internal", MONDAY_10AM), status: "awaiting-signoff", approvals: SIGNED_OFF };
    const paused = pause(ctx(waiting, MONDAY_10AM), { by: "pam", reason: "launch moved" }).state;
    expect(paused).toMatchObject({ status: "paused", resumeTo: "awaiting-signoff" });
    expect(evaluate(ctx(paused, MONDAY_10AM + HOUR))).toMatchObject({ state: paused, effects: [], outcome: { done: false, refusal: { kind: "paused-before-start" }, message: "playlist-editor is paused before its start." } });
    const resumed = resume(ctx(paused, MONDAY_10AM + HOUR), { by: "pam" });
    expect(resumed.state).toMatchObject({ status: "awaiting-signoff", resumeTo: null });
    expect(resumed.outcome).toEqual({ done: true, action: "resume", message: "Resumed playlist-editor (awaiting-signoff)." });
    expect(evaluate(ctx(resumed.state, MONDAY_10AM + HOUR)).state.status).toBe("progressing");
  });
});

describe("resume", () => {
  it("after a rollback restarts the stage: its whole bake is served again from now", () => {
    const rolledBack = rollback(ctx(state("quarter", MONDAY_10AM - DAY), MONDAY_10AM - HOUR), { by: "olga", to: { stage: "ten" }, reason: "bad" }).state;
    const r = resume(ctx(rolledBack, MONDAY_10AM), { by: "olga" });
    expect(r.state).toMatchObject({ stage: "ten", percent: 10, status: "progressing", entered: "2026-12-07T15:00:00Z" });
    expect(r.state.history.at(-1)).toEqual({ at: "2026-12-07T15:00:00Z", action: "resume", from: null, to: null, by: "olga", reason: "restart stage ten after the rollback" });
    expect(r.effects[0]).toEqual({ type: "commit-state", message: "playlist-editor: resume by @olga: restart stage ten after the rollback" });
    expect(r.outcome.message).toBe("Resumed playlist-editor: stage ten restarts now, its bake counted from now.");
  });

  it("from a pause taken after a rollback also restarts the stage", () => {
    const s: RolloutState = { ...state("ten", MONDAY_10AM - DAY), status: "paused", resumeTo: "rolled-back" };
    expect(resume(ctx(s, MONDAY_10AM), { by: "olga" }).state).toMatchObject({ status: "progressing", resumeTo: null, entered: "2026-12-07T15:00:00Z" });
  });

  it("returns to progressing when a paused state does not say where to (a state built by hand)", () => {
    const s: RolloutState = { ...TEN, status: "paused", resumeTo: null };
    expect(eligibility(ctx(s, MONDAY_10AM)).blockers.map((b) => b.kind)).toEqual(["status", "bake"]);
    expect(resume(ctx(s, MONDAY_10AM), { by: "pam" }).state).toMatchObject({ status: "progressing", entered: TEN.entered });
  });

  it("refuses when there is nothing to resume", () => {
    expect(resume(ctx(TEN, MONDAY_10AM), { by: "pam" })).toMatchObject({ state: TEN, effects: [], outcome: { done: false, refusal: { kind: "not-paused" }, message: "playlist-editor is not paused or rolled back (status progressing): nothing to resume." } });
  });
});
