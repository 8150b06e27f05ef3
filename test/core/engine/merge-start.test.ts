import { describe, expect, it } from "vitest";
import { initialState, startAtMerge, stateAtMerge } from "../../../core/engine/index.js";
import { serializeState } from "../../../core/state/serialize-state.js";
import { MONDAY_10AM, SIGNED_OFF, at, ctx, plan, state } from "./fixtures.js";

const NOW = new Date(MONDAY_10AM);
const [CODE_REVIEW, SECURITY] = SIGNED_OFF as [(typeof SIGNED_OFF)[0], (typeof SIGNED_OFF)[0]];

describe("stateAtMerge", () => {
  it("starts from a fresh state with the carried sign-offs when there is no state file", () => {
    expect(stateAtMerge(plan(), null, SIGNED_OFF, NOW)).toEqual(initialState(plan(), NOW, SIGNED_OFF));
  });

  it("adds the sign-offs a waiting rollout lacks, keeping the ones it has", () => {
    const waiting = initialState(plan(), new Date(MONDAY_10AM - 1000), [CODE_REVIEW]);
    const later = { ...SECURITY, by: "sam" };
    const again = { ...CODE_REVIEW, by: "someone-else" };
    expect(stateAtMerge(plan(), waiting, [again, later], NOW).approvals).toEqual([CODE_REVIEW, later]);
  });

  it("leaves a started rollout as it is", () => {
    const started = state("ten", MONDAY_10AM);
    expect(stateAtMerge(plan(), started, [{ ...CODE_REVIEW, by: "x" }], NOW)).toBe(started);
  });
});

describe("startAtMerge", () => {
  it("starts a signed-off plan inside business hours", () => {
    const step = startAtMerge(ctx(initialState(plan(), NOW, SIGNED_OFF), MONDAY_10AM), null);
    expect(step.outcome).toMatchObject({ done: true, action: "start" });
  });

  it("commits a plan that may not start yet as awaiting sign-off, saying what it waits for", () => {
    const waiting = initialState(plan(), NOW, [CODE_REVIEW]);
    const step = startAtMerge(ctx(waiting, MONDAY_10AM), null);
    expect(step.state).toBe(waiting);
    expect(step.outcome).toMatchObject({ done: false, refusal: { kind: "blocked" } });
    expect(step.effects).toEqual([
      { type: "commit-state", message: "playlist-editor: awaiting sign-off, not started: 1 sign-off item is not ticked: Security review completed (security-lead)" },
      { type: "render-issue" },
    ]);
  });

  it("lists every blocker on the commit's one line", () => {
    const saturday = at("2026-12-05T15:00:00Z");
    const step = startAtMerge(ctx(initialState(plan(), new Date(saturday), []), saturday), null);
    const commit = step.effects[0];
    expect(commit?.type === "commit-state" && commit.message.split("\n")).toHaveLength(1);
    expect(commit?.type === "commit-state" && commit.message.split("; ").length).toBeGreaterThan(1);
  });

  it("writes nothing when the state file already says exactly that", () => {
    const waiting = initialState(plan(), NOW, [CODE_REVIEW]);
    const text = serializeState(waiting, null);
    expect(startAtMerge(ctx(waiting, MONDAY_10AM), text).effects).toEqual([]);
  });

  it("writes nothing for a rollout that has already started, and says so", () => {
    const started = state("ten", MONDAY_10AM);
    const step = startAtMerge(ctx(started, MONDAY_10AM), serializeState(started, null));
    expect(step.effects).toEqual([]);
    expect(step.outcome).toMatchObject({ done: false, refusal: { kind: "already-started", status: "progressing" } });
  });

  it("commits a refusal that is not about blockers with the engine's own words", () => {
    const p = plan({ stages: [] });
    const step = startAtMerge(ctx(initialState(p, NOW, SIGNED_OFF), MONDAY_10AM, { plan: p }), null);
    expect(step.effects[0]).toEqual({ type: "commit-state", message: "playlist-editor: awaiting sign-off, not started: The plan has no stages to start." });
  });
});
