// The flags bench, run small: its figures are there and the polling ones are exact (no timing asserted).
import { describe, expect, it } from "vitest";
import { measureFlags } from "../../bench/flags.js";
import { checkBudgets } from "../../bench/run.js";

describe("the flags bench", () => {
  it("measures evaluations, and polling at one conditional request per interval and nothing charged while unchanged", async () => {
    const flags = await measureFlags(true);
    expect(flags.evaluationsPerSecond).toBeGreaterThan(0);
    expect(flags.sdkEvaluationsPerSecond).toBeGreaterThan(0);
    expect(flags).toMatchObject({ requestsPerPoll: 1, chargedWhenUnchanged: 0, chargedAfterChange: 1 });
    const run = { rollouts: 1, count: { calls: 0, writes: 0, routes: {} }, graphqlPoints: 0, peakInFlight: 0, issueRewrites: 0 };
    const scheduled = { one: run, many: run, scale: { ...run, broken: { name: "x", action: "error", reason: "" }, disturbed: 0 } };
    const names = checkBudgets({ app: [], scheduled: scheduled as never, webhooks: [], startup: { cpuRatio: 1, bundleBytes: 1 } as never, flags }).map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining(["flag evaluations", "flag polling: requests per interval", "flag polling: charged when unchanged"]));
  });
});
