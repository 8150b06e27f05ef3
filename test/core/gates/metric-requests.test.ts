import { describe, expect, it } from "vitest";
import { metricKey, metricRequests } from "../../../core/gates.js";
import { DAY, HOUR, MIN, dur, gate, plan } from "../engine/fixtures.js";

describe("metricRequests", () => {
  it("asks once per distinct gate and window, in the plan's order of first use", () => {
    expect(metricRequests(plan())).toEqual([
      { key: "error-rate", gate: "error-rate", query: "query(error-rate)", windowMs: null },
      { key: "save-p95-seconds", gate: "save-p95-seconds", query: "query(save-p95-seconds)", windowMs: null },
      { key: "error-rate@1h", gate: "error-rate", query: "query(error-rate)", windowMs: HOUR },
    ]);
  });

  it("uses a gate's window instead of its instant value, and shares keys between rules", () => {
    const p = plan({
      gates: [gate("error-rate", 0.001, { for: dur("60m") }), gate("latency", 2)],
      rollback: { to: { percent: 0 }, when: [{ gate: "error-rate", above: 0.05, below: null, for: dur("1h") }], notify: [] },
      alerts: [
        { gate: "latency", above: 5, below: null, for: dur("15m"), notify: [] },
        { gate: "unknown-gate", above: 1, below: null, for: null, notify: [] },
      ],
    });
    expect(metricRequests(p).map((r) => r.key)).toEqual(["error-rate@1h", "latency", "latency@15m"]);
  });

  it("writes windows canonically", () => {
    expect(metricKey("error-rate", null)).toBe("error-rate");
    expect(metricKey("error-rate", 90 * MIN)).toBe("error-rate@1h30m");
    expect(metricKey("error-rate", 7 * DAY)).toBe("error-rate@7d");
  });
});
