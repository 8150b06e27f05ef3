import { describe, expect, it } from "vitest";
import { clockChoice, missedStart, standingReason } from "../../core/clock.js";

const where = { ref: "refs/heads/feature", defaultBranch: "main", statePath: ".github/rollouts/state/editor.yml" };
const push = (toDefaultBranch: boolean, planChanged: boolean) => ({ kind: "push" as const, ref: where.ref, toDefaultBranch, planChanged });

describe("what the clock does with a rollout", () => {
  it.each([
    ["a push that merges the plan starts it", push(true, true), false, { kind: "start-on-merge" }],
    ["a push that merges the plan again re-starts nothing by itself", push(true, true), true, { kind: "start-on-merge" }],
    ["a push to another branch starts nothing", push(false, true), false, { kind: "stand", reason: "push-elsewhere" }],
    ["a push that leaves the plan alone moves nothing", push(true, false), true, { kind: "stand", reason: "plan-unchanged" }],
    ["a scheduled run ticks a started rollout", { kind: "scheduled" as const }, true, { kind: "tick" }],
    ["a scheduled run looks into a plan without a state file", { kind: "scheduled" as const }, false, { kind: "missing-state" }],
  ])("%s", (_name, event, hasState, expected) => {
    expect(clockChoice(event, hasState)).toEqual(expected);
  });

  it("takes up a missed start, but never restarts a rollout whose state file was deleted", () => {
    expect(missedStart(null)).toEqual({ kind: "start" });
    expect(missedStart("0123456789abcdef")).toEqual({ kind: "leave-deleted", commit: "0123456789abcdef" });
  });

  it("says why it leaves a rollout as it stands", () => {
    expect(standingReason({ kind: "stand", reason: "push-elsewhere" }, where)).toBe("a push to refs/heads/feature is not a push to the default branch main; nothing to start");
    expect(standingReason({ kind: "stand", reason: "plan-unchanged" }, where)).toBe("its plan is not changed by this push; scheduled runs move it");
    expect(standingReason({ kind: "leave-deleted", commit: "0123456789abcdef" }, where)).toBe(
      "not started: its state file .github/rollouts/state/editor.yml was deleted (commit 0123456) and the clock does not restart a rollout by itself; restore the file, or push a change to the plan to start it again",
    );
  });
});
