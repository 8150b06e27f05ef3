import { describe, expect, it } from "vitest";
import type { MetricRequest } from "../../core/decisions.js";
import { holdsOver } from "../../core/gates.js";
import { formatProblem } from "../../core/result.js";
import { createSuppliedValuesProvider, parseSuppliedValues, type SuppliedValues } from "../../metrics/supplied-values.js";

const now = new Date("2026-12-03T14:00:00Z");
const t = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;

const instant: MetricRequest = { key: "error-rate", gate: "error-rate", query: null, windowMs: null };
const hourly: MetricRequest = { key: "error-rate@1h", gate: "error-rate", query: null, windowMs: HOUR };

function parsed(text: string): SuppliedValues {
  const result = parseSuppliedValues(text);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.value;
}

function problems(text: string): string[] {
  const result = parseSuppliedValues(text);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("reading metrics-values", () => {
  it("accepts a value now, null for no data, and both series forms", () => {
    const values = parsed(
      JSON.stringify({
        "error-rate": 0.002,
        "save-seconds": null,
        saves: [{ at: "2026-12-03T13:30:00Z", value: 1 }],
        errors: [[1796306400, 0.5], [1796304600, null]],
      }),
    );
    expect(Object.fromEntries(values)).toEqual({
      "error-rate": { now: 0.002 },
      "save-seconds": { now: null },
      saves: { series: [{ at: t("2026-12-03T13:30:00Z"), value: 1 }] },
      errors: {
        series: [
          { at: 1796304600_000, value: null },
          { at: 1796306400_000, value: 0.5 },
        ],
      },
    });
  });

  it("points at the gate whose value is wrong", () => {
    expect(problems('{\n  "error-rate": 0.1,\n  "save-seconds": "1.2"\n}')).toEqual([
      'metrics-values:3:3: gate "save-seconds": expected a number, null, or a list of {"at": "<ISO-8601>", "value": <number>} or [<epoch seconds>, <number>], not "1.2"',
    ]);
  });

  it.each([
    ['{"g": [[1796306400000, 1]]}', 'metrics-values:1:2: gate "g": sample 1: 1796306400000 looks like milliseconds; times are epoch seconds'],
    ['{"g": [{"at": "2026-12-03", "value": 1}]}', 'metrics-values:1:2: gate "g": sample 1: "at" must be an ISO-8601 instant with a zone, e.g. "2026-12-03T14:00:00Z", not "2026-12-03"'],
    ['{"g": [{"at": "2026-12-03T14:00:00Z"}]}', 'metrics-values:1:2: gate "g": sample 1 has no "value"'],
    ['{"g": [[1796306400, "1"]]}', 'metrics-values:1:2: gate "g": sample 1: the value must be a number or null, not "1"'],
    ['{"g": [[1796306400]]}', 'metrics-values:1:2: gate "g": sample 1 must be a pair [<epoch seconds>, <number>]'],
    ['{"g": [7]}', 'metrics-values:1:2: gate "g": sample 1 must be {"at": "<ISO-8601>", "value": <number>} or [<epoch seconds>, <number>]'],
    ["[0.1]", 'metrics-values:1:1: expected a JSON object mapping gate names to values, e.g. {"error-rate": 0.002}'],
  ])("refuses %s", (text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  it("says where the JSON breaks", () => {
    const [problem] = problems('{"error-rate": 0.1,\n "save-seconds" 2}');
    expect(problem).toMatch(/^metrics-values:2:\d+: not valid JSON: .+; expected \{"<gate>": <number>, …\}$/);
  });
});

describe("answering the core's requests from supplied values", () => {
  it("answers a value now for an instant, and the same single sample for a window", async () => {
    const provider = createSuppliedValuesProvider(parsed('{"error-rate": 0.07}'));
    const answers = await provider.observe([instant, hourly], now);
    expect(answers["error-rate"]).toEqual({ samples: [{ at: now.getTime(), value: 0.07 }], error: null });
    expect(answers["error-rate@1h"]).toEqual({ samples: [{ at: now.getTime(), value: 0.07 }], error: null });
    // One value cannot show a condition held for an hour: no rollback on it.
    const breach = { above: 0.05, below: null };
    expect(holdsOver(breach, answers["error-rate@1h"], HOUR, now.getTime())).toBe("no-data");
  });

  it("answers null as no data", async () => {
    const answers = await createSuppliedValuesProvider(parsed('{"error-rate": null}')).observe([instant], now);
    expect(answers["error-rate"]).toEqual({ samples: [], error: null });
  });

  it("cuts a series to the window, and takes the latest past sample for an instant", async () => {
    const series = Array.from({ length: 121 }, (_, i) => [t("2026-12-03T13:00:00Z") / 1000 + (i - 30) * 60, 0.07]);
    const answers = await createSuppliedValuesProvider(parsed(JSON.stringify({ "error-rate": series }))).observe([instant, hourly], now);
    expect(answers["error-rate"]?.samples).toEqual([{ at: now.getTime(), value: 0.07 }]);
    expect(answers["error-rate@1h"]?.samples).toHaveLength(61);
    expect(answers["error-rate@1h"]?.samples[0]?.at).toBe(now.getTime() - HOUR);
    // A minute-by-minute series can satisfy a for: window.
    expect(holdsOver({ above: 0.05, below: null }, answers["error-rate@1h"], HOUR, now.getTime())).toBe("holds");
  });

  it("reports a gate the values do not mention as an error, so a misspelt name never passes", async () => {
    const answers = await createSuppliedValuesProvider(parsed('{"error_rate": 0.0001}')).observe([instant], now);
    expect(answers["error-rate"]).toEqual({
      samples: [],
      error: "metrics-values has no value for gate error-rate (it has error_rate); supply null to report no data",
    });
  });
});
