import { describe, expect, it } from "vitest";
import { observeMetricValues, parseMetricValues } from "../../action/metric-values.js";

const now = new Date("2026-12-03T14:00:00Z");
const at = (iso: string) => Date.parse(iso);

describe("parseMetricValues", () => {
  it("accepts numbers, null and sample lists", () => {
    const parsed = parseMetricValues('{"error-rate": 0.002, "latency": null, "saves": [{"at": "2026-12-03T13:30:00Z", "value": 1}]}');
    expect(parsed).toEqual({ ok: true, values: { "error-rate": 0.002, latency: null, saves: [{ at: at("2026-12-03T13:30:00Z"), value: 1 }] } });
  });

  it.each([
    ["[1,2]", /JSON object/],
    ['{"error-rate": "0.1"}', /gate "error-rate" is "0.1"/],
    ['{"error-rate": [{"at": "yesterday", "value": 1}]}', /sample 1 must be/],
    ["not json", /not valid JSON/],
  ])("refuses %s", (text, message) => {
    const parsed = parseMetricValues(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("observeMetricValues", () => {
  const requests = [
    { key: "error-rate", gate: "error-rate", query: null, windowMs: null },
    { key: "error-rate@1h", gate: "error-rate", query: null, windowMs: 3_600_000 },
    { key: "latency", gate: "latency", query: null, windowMs: null },
  ];

  it("answers an instant value as one sample now, and a gate it was not given as no data", () => {
    const obs = observeMetricValues({ "error-rate": 0.07 }, requests, now);
    expect(obs["error-rate"]).toEqual({ samples: [{ at: now.getTime(), value: 0.07 }], error: null });
    expect(obs["error-rate@1h"]).toEqual({ samples: [{ at: now.getTime(), value: 0.07 }], error: null });
    expect(obs.latency).toEqual({ samples: [], error: null });
  });

  it("cuts sample lists to the window and takes the latest sample for an instant", () => {
    const samples = ["2026-12-03T12:00:00Z", "2026-12-03T13:00:00Z", "2026-12-03T13:30:00Z", "2026-12-03T14:00:00Z", "2026-12-03T15:00:00Z"].map((t, i) => ({ at: at(t), value: i }));
    const obs = observeMetricValues({ "error-rate": samples }, requests, now);
    expect(obs["error-rate"]?.samples).toEqual([{ at: at("2026-12-03T14:00:00Z"), value: 3 }]);
    expect(obs["error-rate@1h"]?.samples.map((s) => s.value)).toEqual([1, 2, 3]);
  });
});
