// The bench's own machinery, kept from rotting: how calls are counted, how budgets are judged and
// reported, and one small scenario run end to end. No timing is asserted here.
import { describe, expect, it } from "vitest";
import { nothingToDo } from "../../bench/action-operations.js";
import { describeBudget, failures, judge } from "../../bench/budgets.js";
import { countCalls, routeSummary } from "../../bench/call-count.js";
import { minimumCalls } from "../../bench/minimums.js";
import { checkBudgets } from "../../bench/run.js";
import { measureStartup } from "../../bench/startup.js";
import { alternate, median, percentile } from "../../bench/stats.js";
import type { LoggedRequest } from "../../sandbox/github-emulator/index.js";

function entry(method: string, route: string, status = 200): LoggedRequest {
  return { method, url: route.split(" ")[1] ?? "/", route, operationId: null, actor: "installation:1", status, violation: null, fault: null, durationMs: 1, responseProblems: [] };
}

describe("counting calls", () => {
  it("charges reads and writes, and sets apart 304s, token creation and GET /app", () => {
    expect(countCalls([entry("POST", "POST /graphql")])).toMatchObject({ calls: 1, reads: 1, writes: 0 });
    const count = countCalls([
      entry("GET", "GET /repos/{owner}/{repo}/contents/{path}"),
      entry("GET", "GET /repos/{owner}/{repo}/contents/{path}", 304),
      entry("PUT", "PUT /repos/{owner}/{repo}/contents/{path}"),
      entry("POST", "POST /app/installations/{installation_id}/access_tokens", 201),
      entry("GET", "GET /app"),
    ]);
    expect(count).toMatchObject({ calls: 2, reads: 1, writes: 1, notModified: 1, setup: 2, tokens: 1 });
    expect(routeSummary(count.routes)).toBe("GET contents, PUT contents");
  });

  it("knows the minimum of every operation it measures", () => {
    expect(minimumCalls("tick: exit item on a running rollout")).toBe(5);
    expect(minimumCalls("scheduled run, nothing to do")).toBe(2);
    expect(minimumCalls("scheduled run that promotes")).toBe(6);
    expect(minimumCalls("not an operation")).toBeNull();
  });
});

describe("budgets", () => {
  it("names each budget that fails, with what was measured and the limit", () => {
    const results = [judge({ name: "a", measured: 5, limit: 5, unit: "calls", kind: "max", detail: "" }), judge({ name: "b", measured: 0.7, limit: 0.8, unit: "×", kind: "min", detail: "paired rounds" })];
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(failures(results)).toEqual(["FAIL b: 0.7 × (budget ≥ 0.8 ×) — paired rounds"]);
    expect(describeBudget(judge({ name: "size", measured: 1_000_000, limit: 1_000_000, unit: "bytes", kind: "below", detail: "" }))).toMatch(/^FAIL/);
    expect(judge({ name: "n", measured: Number.NaN, limit: 1, unit: "", kind: "max", detail: "" }).ok).toBe(false);
  });
});

describe("statistics", () => {
  it("takes nearest-rank percentiles and alternates the order of a pair each round", async () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 99)).toBe(100);
    expect(median([])).toBeNaN();
    const order: string[] = [];
    await alternate(3, async () => order.push("a"), async () => order.push("b"));
    expect(order).toEqual(["a", "b", "b", "a", "a", "b"]);
  });
});

describe("a scheduled run with nothing to do, end to end", () => {
  it("runs the committed Action twice against the emulator and reports the second run's calls", async () => {
    const { first, nothing } = await nothingToDo(2);
    expect(first.count.writes).toBeGreaterThan(0);
    expect(nothing).toMatchObject({ rollouts: 2, issueRewrites: 0 });
    expect(nothing.count.routes).toEqual({ "POST /graphql": 2 });

    const costly = { ...nothing, count: { ...nothing.count, calls: 4 } };
    const scale = { ...nothing, maxRssMb: 1, broken: { name: "x", action: "error", reason: "" }, disturbed: 1 };
    const scheduled = { one: costly, many: nothing, promotes: nothing, firstRunMany: first, fixedCalls: 0, callsPerRollout: 3, scale };
    const startup = { runs: 1, nodeMs: 10, actionMs: 30, ratio: 3, nodeCpuMs: 10, actionCpuMs: 40, cpuRatio: 4, requests: 2, bundleBytes: 10 };
    const failed = failures(checkBudgets({ app: [], scheduled, webhooks: [], startup })).join("\n");
    expect(failed).toContain("nothing to do, 2 rollout(s): charged calls: 4 calls (budget ≤ 3 calls)");
    expect(failed).toContain("one plan broken: others disturbed: 1 rollouts");
    expect(failed).toContain("Action start-up vs node -e 0, CPU time: 4 ×");
  }, 60_000);
});

describe("the start-up figures", () => {
  it("time the committed Action beside node -e 0, in CPU and wall time", async () => {
    const startup = await measureStartup(1);
    expect(startup.requests).toBe(2);
    for (const ms of [startup.nodeMs, startup.actionMs, startup.nodeCpuMs, startup.actionCpuMs]) expect(ms).toBeGreaterThan(0);
    expect(startup.cpuRatio).toBeCloseTo(startup.actionCpuMs / startup.nodeCpuMs, 1);
    expect(startup.bundleBytes).toBeGreaterThan(100_000);
  }, 120_000);
});
