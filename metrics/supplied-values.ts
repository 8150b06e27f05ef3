// Gate values measured by an earlier workflow step (the Action's `metrics-values` input), for
// teams whose health numbers live somewhere other than Prometheus. Accepted JSON, per gate name:
//
//   number | null                          the value now (null: the step saw no data)
//   [{"at": "<ISO-8601>", "value": n}, …]  samples over time, needed by `for:` rules
//   [[<epoch seconds>, n], …]              the same, in Prometheus' own pair form
//
// A single value is one sample at `now`, which can never show that a condition held over a
// `for:` window: the core then sees an uncovered window and neither promotes nor rolls back on it.
import { LineCounter, isMap, isScalar, parseDocument, type Node } from "yaml";
import type { MetricRequest } from "../core/decisions.js";
import type { MetricObservation, Sample } from "../core/model.js";
import { fail, ok, type Problem, type Result } from "../core/result.js";
import { errorObservation, type MetricsProvider } from "./provider.js";

/** Per gate: a value meaning "now" (null: no data), or samples sorted by time. */
export type SuppliedValue = { now: number | null } | { series: Sample[] };
export type SuppliedValues = Map<string, SuppliedValue>;

/** Where problems point: the input's name stands in for a file. */
const SUPPLIED_VALUES_SOURCE = "metrics-values";

// Epoch seconds for any date before 5138 stay below this; a larger number is almost certainly
// milliseconds, which would put the sample thousands of years away.
const MAX_EPOCH_SECONDS = 1e11;

const SHAPE = 'a number, null, or a list of {"at": "<ISO-8601>", "value": <number>} or [<epoch seconds>, <number>]';

type Check<T> = T | { problem: string };
const isProblem = <T>(value: Check<T>): value is { problem: string } =>
  typeof value === "object" && value !== null && "problem" in value;

function readValue(raw: unknown): Check<number | null> {
  if (raw === null) return null;
  if (typeof raw === "number" && Number.isFinite(raw)) return raw;
  return { problem: `the value must be a number or null, not ${JSON.stringify(raw)}` };
}

function readSample(raw: unknown, index: number): Check<Sample> {
  const where = `sample ${index + 1}`;
  let at: number;
  let value: Check<number | null>;
  if (Array.isArray(raw)) {
    if (raw.length !== 2) return { problem: `${where} must be a pair [<epoch seconds>, <number>]` };
    const [time, v] = raw as [unknown, unknown];
    if (typeof time !== "number" || !Number.isFinite(time)) return { problem: `${where}: the time must be epoch seconds, not ${JSON.stringify(time)}` };
    if (Math.abs(time) >= MAX_EPOCH_SECONDS) return { problem: `${where}: ${time} looks like milliseconds; times are epoch seconds` };
    at = Math.round(time * 1000);
    value = readValue(v);
  } else if (typeof raw === "object" && raw !== null) {
    const { at: time, value: v } = raw as { at?: unknown; value?: unknown };
    at = typeof time === "string" && /T.*(Z|[+-]\d\d:?\d\d)$/.test(time) ? Date.parse(time) : NaN;
    if (Number.isNaN(at)) return { problem: `${where}: "at" must be an ISO-8601 instant with a zone, e.g. "2026-12-03T14:00:00Z", not ${JSON.stringify(time)}` };
    if (!("value" in raw)) return { problem: `${where} has no "value"` };
    value = readValue(v);
  } else {
    return { problem: `${where} must be {"at": "<ISO-8601>", "value": <number>} or [<epoch seconds>, <number>]` };
  }
  return isProblem(value) ? { problem: `${where}: ${value.problem}` } : { at, value };
}

function readEntry(raw: unknown): Check<SuppliedValue> {
  if (!Array.isArray(raw)) {
    const value = readValue(raw);
    return isProblem(value) ? { problem: `expected ${SHAPE}, not ${JSON.stringify(raw)}` } : { now: value };
  }
  const series: Sample[] = [];
  for (const [index, item] of raw.entries()) {
    const sample = readSample(item, index);
    if (isProblem(sample)) return sample;
    series.push(sample);
  }
  return { series: series.sort((a, b) => a.at - b.at) };
}

/** 1-based line and column of a character offset. */
function position(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, col: (lines.at(-1)?.length ?? 0) + 1 };
}

function syntaxProblem(text: string, error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(message);
  const { line, col } = offset ? position(text, Number(offset[1])) : { line: 1, col: 1 };
  const reason = message.replace(/\s*in JSON at position \d+( \(line \d+ column \d+\))?/, "").replace(/, ".*" is not valid JSON$/, "");
  return { file: SUPPLIED_VALUES_SOURCE, line, col, message: `not valid JSON: ${reason}; expected {"<gate>": <number>, …}` };
}

/**
 * Parses the JSON text. Problems point at the offending gate (`metrics-values:1:2: gate
 * "error-rate": …`) so a workflow author can find it in a long generated value.
 */
export function parseSuppliedValues(text: string): Result<SuppliedValues> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail([syntaxProblem(text, error)]);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return fail([{ file: SUPPLIED_VALUES_SOURCE, line: 1, col: 1, message: 'expected a JSON object mapping gate names to values, e.g. {"error-rate": 0.002}' }]);
  }
  const values: SuppliedValues = new Map();
  const wrong: Array<{ gate: string; problem: string }> = [];
  for (const [gate, raw] of Object.entries(json)) {
    const entry = readEntry(raw);
    if (isProblem(entry)) wrong.push({ gate, problem: entry.problem });
    else values.set(gate, entry);
  }
  return wrong.length > 0 ? fail(locateGates(text, wrong)) : ok(values);
}

/**
 * Problems pointing at their gates' keys. JSON is YAML, and the YAML parser keeps positions; it
 * runs only when there is a problem to point at, so a run with valid values never loads it.
 */
function locateGates(text: string, wrong: ReadonlyArray<{ gate: string; problem: string }>): Problem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const keyNodes = new Map<string, Node>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key)) keyNodes.set(String(pair.key.value), pair.key);
    }
  }
  const problems: Problem[] = [];
  for (const { gate, problem } of wrong) {
    const offset = keyNodes.get(gate)?.range?.[0];
    const { line, col } = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    problems.push({ file: SUPPLIED_VALUES_SOURCE, line, col, message: `gate "${gate}": ${problem}` });
  }
  return problems;
}

/**
 * One observation from supplied values. An instant request takes the value, or the latest
 * sample not after `now`; a window request takes the samples inside [now - window, now].
 */
function observeSupplied(value: SuppliedValue, request: MetricRequest, now: number): MetricObservation {
  if ("now" in value) return { samples: value.now === null ? [] : [{ at: now, value: value.now }], error: null };
  const past = value.series.filter((s) => s.at <= now);
  if (request.windowMs === null) return { samples: past.slice(-1), error: null };
  const from = now - request.windowMs;
  return { samples: past.filter((s) => s.at >= from), error: null };
}

/**
 * A gate the values do not mention is an error, not "no data": a misspelt gate name must never
 * let a gate with `no-data: pass` through. Pass `null` explicitly for "measured, nothing seen".
 */
export function createSuppliedValuesProvider(values: SuppliedValues): MetricsProvider {
  const names = [...values.keys()];
  return {
    description: `values supplied by the workflow (${names.length === 0 ? "none" : names.join(", ")})`,
    observe(requests, nowDate) {
      const now = nowDate.getTime();
      const out: Record<string, MetricObservation> = {};
      for (const request of requests) {
        const value = values.get(request.gate);
        out[request.key] =
          value === undefined
            ? errorObservation(
                `${SUPPLIED_VALUES_SOURCE} has no value for gate ${request.gate} (it has ${names.length === 0 ? "none" : names.join(", ")}); supply null to report no data`,
              )
            : observeSupplied(value, request, now);
      }
      return Promise.resolve(out);
    },
  };
}
