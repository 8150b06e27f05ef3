import { describe, expect, it } from "vitest";
import { judgeGate, judgeRule } from "../../../core/gates.js";
import type { Gate, MetricObservation, NoData } from "../../../core/model.js";
import { HOUR, MIN, dur, gate, instant, providerError, series, window } from "../engine/fixtures.js";

const NOW = Date.UTC(2026, 11, 7, 15, 0, 0);
const errorRate = gate("error-rate", 0.001);

describe("judgeGate", () => {
  it.each<[string, Gate, MetricObservation | undefined, { status: string; blocks: boolean; value: number | null; message: string }]>([
    ["a value under the bound passes", errorRate, instant(NOW, 0.0004), { status: "pass", blocks: false, value: 0.0004, message: "gate error-rate passes: 0.0004 (needs < 0.001)" }],
    ["a value over the bound fails", errorRate, instant(NOW, 0.0123), { status: "fail", blocks: true, value: 0.0123, message: "gate error-rate is 0.0123, needs < 0.001" }],
    ["exactly the bound fails (below is strict)", errorRate, instant(NOW, 0.001), { status: "fail", blocks: true, value: 0.001, message: "gate error-rate is 0.001, needs < 0.001" }],
    ["the newest sample decides", errorRate, window([{ at: NOW, value: 0.0002 }, { at: NOW - MIN, value: 0.5 }]), { status: "pass", blocks: false, value: 0.0002, message: "gate error-rate passes: 0.0002 (needs < 0.001)" }],
    ["no data holds promotion by default", errorRate, window([]), { status: "no-data", blocks: true, value: null, message: "gate error-rate has no data, needs < 0.001; promotion waits (no-data: hold)" }],
    ["a NaN newest sample is no data", errorRate, instant(NOW, null), { status: "no-data", blocks: true, value: null, message: "gate error-rate has no data, needs < 0.001; promotion waits (no-data: hold)" }],
    ["no-data: fail blocks too", gate("error-rate", 0.001, { noData: "fail" }), window([]), { status: "no-data", blocks: true, value: null, message: "gate error-rate has no data, needs < 0.001; promotion waits (no-data: fail)" }],
    ["no-data: pass lets promotion through", gate("error-rate", 0.001, { noData: "pass" }), window([]), { status: "no-data", blocks: false, value: null, message: "gate error-rate has no data, needs < 0.001; passes anyway (no-data: pass)" }],
    ["a provider error blocks, whatever no-data says", gate("error-rate", 0.001, { noData: "pass" }), providerError("HTTP 503\nupstream down"), { status: "error", blocks: true, value: null, message: "gate error-rate could not be read (HTTP 503 upstream down); promotion waits until the metrics provider answers" }],
    ["no observation supplied is not-evaluated and follows no-data", errorRate, undefined, { status: "not-evaluated", blocks: true, value: null, message: "gate error-rate was not evaluated (no metrics were supplied for it); promotion waits (no-data: hold)" }],
    ["an `above` gate", { ...gate("saves-per-minute", 0), below: null, above: 10 }, instant(NOW, 42), { status: "pass", blocks: false, value: 42, message: "gate saves-per-minute passes: 42 (needs > 10)" }],
  ])("%s", (_name, g, observation, expected) => {
    expect(judgeGate(g, observation, NOW)).toEqual({ gate: g.name, threshold: expected.message.includes("> 10") ? "> 10" : "< 0.001", window: null, ...expected });
  });

  describe("with a `for:` window", () => {
    const sustained = gate("error-rate", 0.001, { for: dur("1h") });
    it("passes when the whole window stayed within bounds, reporting the worst sample", () => {
      const j = judgeGate(sustained, window(series(NOW, HOUR, (t) => (t === NOW - 30 * MIN ? 0.0009 : 0.0001))), NOW);
      expect(j).toMatchObject({ status: "pass", blocks: false, value: 0.0009, window: "1h", message: "gate error-rate passes: stayed < 0.001 over the last 1h (worst 0.0009)" });
    });
    it("fails when any sample in the window broke the bound", () => {
      const j = judgeGate(sustained, window(series(NOW, HOUR, (t) => (t === NOW - 30 * MIN ? 0.02 : 0.0001))), NOW);
      expect(j).toMatchObject({ status: "fail", blocks: true, value: 0.02, message: "gate error-rate reached 0.02 in the last 1h, needs < 0.001 throughout the last 1h" });
    });
    it.each<[NoData, boolean]>([
      ["hold", true],
      ["fail", true],
      ["pass", false],
    ])("treats a window the samples do not cover as no data (no-data: %s)", (noData, blocks) => {
      const j = judgeGate({ ...sustained, noData }, window(series(NOW - 20 * MIN, 40 * MIN, () => 0.0001)), NOW);
      expect(j).toMatchObject({ status: "no-data", blocks, message: expect.stringContaining("has no data covering the last 1h") });
    });
    it("reports a provider error as such", () => {
      expect(judgeGate(sustained, providerError(), NOW)).toMatchObject({ status: "error", blocks: true });
    });
  });
});

describe("judgeRule", () => {
  const rule = { gate: "error-rate", above: 0.05, below: null, for: dur("1h") };
  it("reads the rule's window from the facts by its key", () => {
    const facts = { metrics: { "error-rate@1h": window(series(NOW, HOUR, () => 0.07)) } };
    expect(judgeRule(rule, facts, NOW)).toEqual({ result: "holds", value: 0.07, latest: 0.07 });
  });
  it("does not read another window's answer", () => {
    const facts = { metrics: { "error-rate": instant(NOW, 0.07) } };
    expect(judgeRule(rule, facts, NOW).result).toBe("no-data");
  });
  it("judges an instant rule by the newest sample", () => {
    const instantRule = { ...rule, for: null };
    expect(judgeRule(instantRule, { metrics: { "error-rate": instant(NOW, 0.07) } }, NOW)).toEqual({ result: "holds", value: 0.07, latest: 0.07 });
    expect(judgeRule(instantRule, { metrics: { "error-rate": instant(NOW, 0.01) } }, NOW).result).toBe("does-not-hold");
    expect(judgeRule(instantRule, { metrics: {} }, NOW).result).toBe("no-data");
    expect(judgeRule(instantRule, { metrics: { "error-rate": providerError() } }, NOW).result).toBe("error");
  });
});
