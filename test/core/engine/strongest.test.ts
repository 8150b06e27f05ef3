import { describe, expect, it } from "vitest";
import { evaluate, pause, strongestAction } from "../../../core/engine/index.js";
import type { HistoryEntry } from "../../../core/model.js";
import { MONDAY_10AM, ctx, state } from "./fixtures.js";

const entry = (action: HistoryEntry["action"]): HistoryEntry => ({ at: "2026-12-07T15:00:00Z", action, from: null, to: null, by: "stagegate", reason: "r" });

describe("strongestAction", () => {
  const before = state("ten", MONDAY_10AM);
  const after = (...actions: HistoryEntry["action"][]) => ({ ...before, history: [...before.history, ...actions.map(entry)] });
  const none = { done: false as const, refusal: { kind: "nothing-to-do" as const, status: "progressing" as const }, message: "" };

  it.each<[string, HistoryEntry["action"][], string | null]>([
    ["a promotion outweighs the alert raised in the same run", ["alert", "promote"], "promote"],
    ["completing outweighs the promotion into the last stage", ["promote", "complete"], "complete"],
    ["a rollback outweighs everything", ["alert", "rollback"], "rollback"],
    ["a resolved alert alone", ["alert-resolved"], "alert-resolved"],
    ["nothing appended", [], null],
  ])("%s", (_name, actions, expected) => {
    expect(strongestAction(before, after(...actions), none)).toBe(expected);
  });

  it("falls back to the outcome's own action for steps that append nothing ranked", () => {
    const paused = pause(ctx(before, MONDAY_10AM), { by: "pam", reason: "r" });
    expect(strongestAction(before, paused.state, paused.outcome)).toBe("pause");
  });

  it("reports a scheduled run that only waits as no action", () => {
    const step = evaluate(ctx(before, MONDAY_10AM));
    expect(strongestAction(before, step.state, step.outcome)).toBeNull();
  });
});
