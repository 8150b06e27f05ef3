import { describe, expect, it } from "vitest";
import { closest, didYouMean } from "../../core/suggest.js";

describe("suggestions for typos", () => {
  const keys = ["name", "percent", "audience", "bake", "exit"];
  it.each([
    ["bak", "bake"],
    ["precent", "percent"],
    ["Audience", "audience"],
    ["exits", "exit"],
  ])("%j is probably %j", (typo, meant) => {
    expect(closest(typo, keys)).toBe(meant);
    expect(didYouMean(typo, keys)).toBe(` (did you mean "${meant}"?)`);
  });

  it("stays quiet when nothing is close", () => {
    expect(closest("x", keys)).toBeNull();
    expect(closest("rollout", keys)).toBeNull();
    expect(didYouMean("timeline", keys)).toBe("");
    expect(closest("anything", [])).toBeNull();
  });
});
