// The Prometheus provider against a real Prometheus serving a known history (see
// test/fixtures/prometheus/save-history.ts), and the core's judgements on what it fetched.
// Without prometheus and promtool this file fails and says how to install them, unless
// STAGEGATE_SKIP_PROMETHEUS=1 asks for a skip.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricRequest } from "../../core/decisions.js";
import { judgeGate, judgeRule, metricKey, metricRequests } from "../../core/gates.js";
import type { Duration, Gate, MetricObservation, Plan } from "../../core/model.js";
import { createPrometheusProvider } from "../../metrics/prometheus.js";
import type { MetricsProvider } from "../../metrics/provider.js";
import {
  BREACH_RATIO,
  BREACH_SECONDS,
  HEALTHY_RATIO,
  HEALTHY_SECONDS,
  MINUTE_MS,
  SPIKE_RATIO,
  saveHistoryOpenMetrics,
} from "../fixtures/prometheus/save-history.js";
import { findPrometheus, INSTALL_HINT, startPrometheus, type RunningPrometheus } from "./prometheus-harness.js";

const skipReason = process.env.STAGEGATE_SKIP_PROMETHEUS === "1" ? "STAGEGATE_SKIP_PROMETHEUS=1 is set" : null;
const binaries = findPrometheus();

// Whole hours, three days back: far from Prometheus' head block, and every minute is exact.
const HOUR_MS = 60 * MINUTE_MS;
const start = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 72 * HOUR_MS;
const at = (minute: number): number => start + minute * MINUTE_MS;
const atDate = (minute: number): Date => new Date(at(minute));

const hour: Duration = { ms: HOUR_MS, business: false, text: "1h" };
const instant = (query: string): MetricRequest => ({ key: "q", gate: "q", query, windowMs: null });
const lastHour = (query: string): MetricRequest => ({ key: "q", gate: "q", query, windowMs: HOUR_MS });

const gate = (name: string, query: string, below: number, window: Duration | null = null): Gate => ({
  name,
  query,
  below,
  above: null,
  noData: "hold",
  for: window,
});

// The seed's criteria: save errors below 0.1%, average save under 2 s, and a rollback when
// errors stay above 5% for an hour.
const plan: Plan = {
  name: "playlist-editor",
  path: ".github/rollouts/playlist-editor.yml",
  description: "Playlist Editor",
  statePath: ".github/rollouts/state/playlist-editor.yml",
  signoff: [],
  stages: [
    { name: "ten", percent: 10, audience: null, bake: null, exit: [] },
    { name: "quarter", percent: 25, audience: null, bake: null, exit: [] },
  ],
  gates: [
    gate("error-rate", "save_error_ratio", 0.001),
    gate("save-seconds", "save_duration_seconds_avg", 2),
    gate("error-rate-hourly", "save_error_ratio", 0.01, hour),
  ],
  rollback: { to: { percent: 0 }, when: [{ gate: "error-rate", above: 0.05, below: null, for: hour }], notify: [] },
  alerts: [],
  notify: [],
};

describe.skipIf(skipReason !== null)("a real Prometheus with a known history", () => {
  let prometheus: RunningPrometheus | null = null;
  let provider: MetricsProvider;

  beforeAll(async () => {
    if ("missing" in binaries) throw new Error(`${binaries.missing.join(" and ")} not found on PATH. ${INSTALL_HINT}`);
    prometheus = await startPrometheus(binaries, saveHistoryOpenMetrics(start));
    provider = createPrometheusProvider({ url: prometheus.url });
  });
  afterAll(async () => {
    await prometheus?.stop();
  });

  const observe = async (request: MetricRequest, minute: number): Promise<MetricObservation> => {
    if (prometheus === null) throw new Error(`Prometheus is not running. ${INSTALL_HINT}`);
    const answers = await provider.observe([request], atDate(minute));
    return answers[request.key] as MetricObservation;
  };

  describe("instant queries", () => {
    it("read the value at the instant asked", async () => {
      expect(await observe(instant("save_error_ratio"), 60)).toEqual({ samples: [{ at: at(60), value: HEALTHY_RATIO }], error: null });
      expect(await observe(instant("save_error_ratio"), 125)).toEqual({ samples: [{ at: at(125), value: SPIKE_RATIO }], error: null });
      expect(await observe(instant("save_duration_seconds_avg"), 200)).toEqual({ samples: [{ at: at(200), value: BREACH_SECONDS }], error: null });
    });

    it("find no data in the gap once Prometheus' five-minute lookback has passed", async () => {
      expect((await observe(instant("save_error_ratio"), 304)).samples).toEqual([{ at: at(304), value: HEALTHY_RATIO }]);
      expect(await observe(instant("save_error_ratio"), 315)).toEqual({ samples: [], error: null });
    });

    it("compute the docs' average save time from counters", async () => {
      const query = "sum(rate(save_duration_seconds_sum[5m])) / sum(rate(save_duration_seconds_count[5m]))";
      const observation = await observe(instant(query), 60);
      expect(observation.error).toBeNull();
      expect(observation.samples[0]?.value).toBeCloseTo(HEALTHY_SECONDS, 12);
    });

    it("read scalars, infinities, and NaN as no value", async () => {
      expect((await observe(instant("scalar(save_error_ratio)"), 60)).samples).toEqual([{ at: at(60), value: HEALTHY_RATIO }]);
      expect((await observe(instant("save_error_ratio / 0"), 60)).samples).toEqual([{ at: at(60), value: Infinity }]);
      expect((await observe(instant("(save_error_ratio - save_error_ratio) / 0"), 60)).samples).toEqual([{ at: at(60), value: null }]);
    });

    it("refuse a query that returns one series per region", async () => {
      expect((await observe(instant("save_errors_by_region"), 60)).error).toBe(
        'the query must return one series but returned 2: {__name__="save_errors_by_region", region="eu"}, {__name__="save_errors_by_region", region="us"}; aggregate it, e.g. sum(...) or max(...)',
      );
      expect((await observe(instant("max(save_errors_by_region)"), 60)).samples).toEqual([{ at: at(60), value: HEALTHY_RATIO }]);
    });

    it("pass on Prometheus' reason for a broken query", async () => {
      expect((await observe(instant("sum(save_error_ratio"), 60)).error).toMatch(
        /^Prometheus at http:\/\/127\.0\.0\.1:\d+ answered HTTP 400 Bad Request: bad_data: .*parse error/,
      );
      expect((await observe(instant("save_error_ratio[5m]"), 60)).error).toMatch(/range vector/);
    });
  });

  describe("range queries over a for: window", () => {
    it("sample every minute from the window's start to now", async () => {
      const observation = await observe(lastHour("save_error_ratio"), 240);
      expect(observation.error).toBeNull();
      expect(observation.samples).toEqual(Array.from({ length: 61 }, (_, i) => ({ at: at(180 + i), value: BREACH_RATIO })));
    });

    it("show the spike as ten minutes among healthy ones", async () => {
      const values = (await observe(lastHour("save_error_ratio"), 129)).samples.map((s) => s.value);
      expect(values).toEqual([...Array<number>(51).fill(HEALTHY_RATIO), ...Array<number>(10).fill(SPIKE_RATIO)]);
    });

    it("accept a two-week window, which a one-minute step would push past Prometheus' point limit", async () => {
      const observation = await observe({ ...lastHour("save_error_ratio"), windowMs: 14 * 24 * HOUR_MS }, 359);
      expect(observation.error).toBeNull();
      expect(observation.samples.length).toBeGreaterThan(0);
    });

    it("leave the gap out, lookback aside", async () => {
      const times = (await observe(lastHour("save_error_ratio"), 340)).samples.map((s) => (s.at - start) / MINUTE_MS);
      expect(times).toEqual([...Array.from({ length: 25 }, (_, i) => 280 + i), ...Array.from({ length: 11 }, (_, i) => 330 + i)]);
    });
  });

  describe("the core's judgements on what Prometheus answered", () => {
    const judgeAt = async (minute: number) => {
      if (prometheus === null) throw new Error(`Prometheus is not running. ${INSTALL_HINT}`);
      const now = at(minute);
      const facts = { metrics: await provider.observe(metricRequests(plan), new Date(now)) };
      const judgement = (name: string) => {
        const g = plan.gates.find((x) => x.name === name) as Gate;
        return judgeGate(g, facts.metrics[metricKey(g.name, g.for?.ms ?? null)], now);
      };
      const rule = plan.rollback.when[0];
      if (rule === undefined) throw new Error("the plan has a rollback rule");
      return { judgement, rollback: judgeRule(rule, facts, now) };
    };

    it("passes every gate in a healthy stretch", async () => {
      const { judgement, rollback } = await judgeAt(119);
      expect(judgement("error-rate")).toMatchObject({ status: "pass", blocks: false, value: HEALTHY_RATIO });
      expect(judgement("save-seconds")).toMatchObject({ status: "pass", blocks: false, value: HEALTHY_SECONDS });
      expect(judgement("error-rate-hourly")).toMatchObject({ status: "pass", blocks: false, window: "1h" });
      expect(rollback.result).toBe("does-not-hold");
    });

    it("holds promotion in the gap: no data is not a pass", async () => {
      const { judgement } = await judgeAt(315);
      expect(judgement("error-rate")).toMatchObject({ status: "no-data", blocks: true, value: null });
      expect(judgement("save-seconds")).toMatchObject({ status: "no-data", blocks: true });
    });

    it("fails the gate during the spike but does not roll back on ten minutes", async () => {
      for (const minute of [125, 129]) {
        const { judgement, rollback } = await judgeAt(minute);
        expect(judgement("error-rate")).toMatchObject({ status: "fail", blocks: true, value: SPIKE_RATIO });
        expect(rollback.result).toBe("does-not-hold");
      }
    });

    it("rolls back once errors have stayed above 5% for a full hour, and not a minute sooner", async () => {
      expect((await judgeAt(239)).rollback.result).toBe("does-not-hold");
      expect((await judgeAt(240)).rollback).toEqual({ result: "holds", value: BREACH_RATIO, latest: BREACH_RATIO });
      expect((await judgeAt(269)).rollback.result).toBe("holds");
      expect((await judgeAt(270)).rollback.result).toBe("does-not-hold");
    });
  });
});

if (skipReason !== null) {
  const missing = "missing" in binaries ? ` (${binaries.missing.join(" and ")} not found)` : "";
  it.skip(`real Prometheus tests skipped: ${skipReason}${missing}`, () => undefined);
  console.warn(`Real Prometheus tests skipped: ${skipReason}${missing}. ${INSTALL_HINT}`);
}
