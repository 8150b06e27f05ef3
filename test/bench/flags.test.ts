// The flags bench, run small: its figures are there and the polling ones are exact (no timing asserted).
import { describe, expect, it } from "vitest";
import { measureFlags } from "../../bench/flags.js";
import { flagBudgets } from "../../bench/run.js";

describe("the flags bench", () => {
  it("measures evaluations, and polling at one conditional request per interval and nothing charged while unchanged", async () => {
    const flags = await measureFlags(true);
    expect(flags.evaluationsPerSecond).toBeGreaterThan(0);
    expect(flags.evaluationsPerWallSecond).toBeGreaterThan(0);
    expect(flags.sdkEvaluationsPerSecond).toBeGreaterThan(0);
    expect(flags).toMatchObject({ requestsPerPoll: 1, chargedWhenUnchanged: 0, chargedAfterChange: 1 });
    const names = flagBudgets(flags).map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining(["flag evaluations", "flag polling: requests per interval", "flag polling: charged when unchanged"]));
  });
});
