import { describe, expect, it } from "vitest";
import { bucketOf, inShare, splitWeights, TOTAL_WEIGHT } from "../../../core/flags/bucket.js";
import { activeAudiences, evaluateFlag, namesAudience, type FlagState } from "../../../core/flags/evaluate.js";

const stages = [
  { name: "internal", audience: "internal" },
  { name: "beta", audience: "beta" },
  { name: "ten", audience: null },
  { name: "full", audience: "all users" },
];
const at = (over: Partial<FlagState>): FlagState => ({ rollout: "playlist-editor", stage: "ten", percent: 10, status: "progressing", resumeTo: null, stages, ...over });

describe("the split", () => {
  it("writes a percent as integer weights out of 1,000,000, on first", () => {
    expect(splitWeights(0)).toEqual([0, TOTAL_WEIGHT]);
    expect(splitWeights(0.5)).toEqual([5_000, 995_000]);
    expect(splitWeights(99.9)).toEqual([999_000, 1_000]);
    expect(splitWeights(33.33333)).toEqual([333_333, 666_667]);
    expect(splitWeights(100)).toEqual([TOTAL_WEIGHT, 0]);
  });

  it("buckets flag key + targeting key, as flagd's fractional does", () => {
    expect(bucketOf("playlist-editor", "user-1")).toBe(bucketOf("playlist-editoruser-", "1"));
    expect(bucketOf("a", "b")).toBeGreaterThanOrEqual(0);
    expect(bucketOf("a", "b")).toBeLessThan(TOTAL_WEIGHT);
    expect(inShare("x", "anyone", 0)).toBe(false);
    expect(inShare("x", "anyone", 100)).toBe(true);
  });
});

describe("evaluateFlag", () => {
  it("serves the percent to keys in the split, with the stage, percent and status as metadata", () => {
    const decisions = Array.from({ length: 2000 }, (_, i) => evaluateFlag(at({}), { targetingKey: `user-${i}` }));
    expect(new Set(decisions.map((d) => d.reason))).toEqual(new Set(["SPLIT"]));
    const on = decisions.filter((d) => d.on).length;
    expect(on).toBeGreaterThan(140);
    expect(on).toBeLessThan(260);
    expect(decisions[0]!.metadata).toEqual({ stage: "ten", percent: 10, status: "progressing" });
  });

  it("turns on the audiences of the current and earlier stages, whatever the key", () => {
    expect(activeAudiences(at({}))).toEqual(["internal", "beta"]);
    expect(activeAudiences(at({ stage: "internal", percent: 0 }))).toEqual(["internal"]);
    expect(evaluateFlag(at({ stage: "internal", percent: 0 }), { audience: "internal" })).toMatchObject({ on: true, reason: "TARGETING_MATCH" });
    expect(evaluateFlag(at({ stage: "internal", percent: 0 }), { targetingKey: "u", audience: "beta" })).toMatchObject({ on: false, reason: "SPLIT" });
    expect(evaluateFlag(at({}), { targetingKey: "u", audience: ["staff", "beta"] })).toMatchObject({ on: true, reason: "TARGETING_MATCH" });
    expect(evaluateFlag(at({}), { targetingKey: "u", groups: "beta" }, "groups")).toMatchObject({ on: true, reason: "TARGETING_MATCH" });
  });

  it("matches an audience exactly, never a part of it", () => {
    expect(namesAudience("internal-qa", "internal")).toBe(false);
    expect(namesAudience(["internal-qa"], "internal")).toBe(false);
    expect(namesAudience(42, "internal")).toBe(false);
    expect(namesAudience("internal", "internal")).toBe(true);
  });

  it("turns no audience on for a stage the plan does not list", () => {
    expect(activeAudiences(at({ stage: "renamed" }))).toEqual([]);
    expect(activeAudiences(at({ stages: [] }))).toEqual([]);
  });

  it("says TARGETING_KEY_MISSING rather than pick a bucket for a context without a key", () => {
    for (const context of [{}, { targetingKey: "" }, { targetingKey: 42 as unknown as string }]) {
      const d = evaluateFlag(at({}), context);
      expect(d).toMatchObject({ on: false, reason: "ERROR", errorCode: "TARGETING_KEY_MISSING" });
      expect(d.errorMessage).toMatch(/targetingKey/);
    }
  });

  it("gives each status its meaning", () => {
    expect(evaluateFlag(at({ status: "awaiting-signoff", stage: "internal", percent: 0 }), { audience: "internal" })).toMatchObject({ on: false, reason: "DISABLED" });
    expect(evaluateFlag(at({ status: "complete", stage: "full", percent: 100 }), {})).toMatchObject({ on: true, reason: "STATIC" });
    expect(evaluateFlag(at({ status: "paused", resumeTo: "awaiting-signoff", stage: "internal", percent: 0 }), { audience: "internal" })).toMatchObject({ on: false, reason: "DISABLED" });
    expect(evaluateFlag(at({ status: "paused", resumeTo: null }), { targetingKey: "u" })).toMatchObject({ on: false, reason: "DISABLED" });
    const key = Array.from({ length: 100 }, (_, i) => `k${i}`).find((k) => inShare("playlist-editor", k, 10))!;
    expect(evaluateFlag(at({ status: "paused", resumeTo: "progressing" }), { targetingKey: key })).toMatchObject({ on: true, reason: "SPLIT" });
    // A rollback to 0% at the internal stage: the 10% are off, the internal team still in.
    const rolledBack = at({ status: "rolled-back", stage: "internal", percent: 0 });
    expect(evaluateFlag(rolledBack, { targetingKey: key })).toMatchObject({ on: false, reason: "SPLIT" });
    expect(evaluateFlag(rolledBack, { targetingKey: key, audience: "internal" })).toMatchObject({ on: true, reason: "TARGETING_MATCH" });
    expect(evaluateFlag(rolledBack, { targetingKey: key, audience: "beta" })).toMatchObject({ on: false });
  });
});
