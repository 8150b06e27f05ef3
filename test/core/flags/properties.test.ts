// The promises the rule makes to users, as properties: raising the percent only adds users,
// the share is the percent, and rollouts pick their users independently.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inShare } from "../../../core/flags/bucket.js";
import { evaluateFlag } from "../../../core/flags/evaluate.js";
import { seedStates } from "./seed-states.js";

const percent = fc.double({ min: 0, max: 100, noNaN: true });

describe("the split's properties", () => {
  it("is monotone: on at p means on at every q > p, for any key and rollout", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), percent, percent, (flag, key, a, b) => {
        const [p, q] = a <= b ? [a, b] : [b, a];
        if (inShare(flag, key, p)) expect(inShare(flag, key, q)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it("is sticky across the seed's stages: everyone in at one stage is in at every later one", () => {
    // internal 0% → beta 1% → 10% → 25% → 50% → 100%, in the plan's order.
    const progressing = seedStates().slice(1, 7);
    expect(progressing.map((s) => s.percent)).toEqual([0, 1, 10, 25, 50, 100]);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.constantFrom("internal", "beta", "nobody"), (key, audience) => {
        let seen = false;
        for (const state of progressing) {
          const on = evaluateFlag(state, { targetingKey: key, audience }).on;
          if (seen) expect(on).toBe(true);
          seen ||= on;
        }
      }),
    );
  });

  it("serves within ±0.5 percentage points of the percent over 100,000 keys at every stage", () => {
    for (const state of seedStates().filter((s) => s.status !== "awaiting-signoff")) {
      let on = 0;
      for (let i = 0; i < 100_000; i++) if (evaluateFlag(state, { targetingKey: `member-${i}` }).on) on++;
      const share = on / 1000;
      const expected = state.status === "complete" ? 100 : state.status === "paused" && state.resumeTo === "awaiting-signoff" ? 0 : state.percent;
      expect(Math.abs(share - expected), `${state.status} at ${state.stage} ${state.percent}%: ${share}%`).toBeLessThanOrEqual(0.5);
    }
  });

  it("picks independent users for different rollouts", () => {
    let both = 0;
    let first = 0;
    for (let i = 0; i < 100_000; i++) {
      const a = inShare("playlist-editor", `member-${i}`, 50);
      if (a) first++;
      if (a && inShare("checkout-v2", `member-${i}`, 50)) both++;
    }
    // Independent halves overlap on a quarter of the users.
    expect(Math.abs(both / 1000 - 25)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(first / 1000 - 50)).toBeLessThanOrEqual(0.5);
  });
});
