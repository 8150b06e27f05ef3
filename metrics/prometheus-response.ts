// Turns a Prometheus HTTP API answer (`/api/v1/query`, `/api/v1/query_range`) into an
// observation. Kept apart from the HTTP code so every result shape can be checked without a
// server, and so Prometheus-compatible servers (Thanos, Mimir, VictoriaMetrics, Cortex) that
// differ in small ways are handled in one place.
import type { MetricObservation, Sample } from "../core/model.js";

export type QueryKind = "instant" | "range";

type Pair = [unknown, unknown];

interface Series {
  metric?: Record<string, string>;
  value?: Pair;
  values?: Pair[];
}

/**
 * Prometheus writes sample values as strings so that `NaN`, `+Inf` and `-Inf` survive JSON.
 * NaN (e.g. 0/0 when nothing happened) is stored as null, as the model asks; infinities stay
 * numbers so that a ratio with a zero denominator still breaches an `above` rule.
 */
function parseSampleValue(raw: unknown): number | null | undefined {
  if (typeof raw === "number") return Number.isNaN(raw) ? null : raw;
  if (typeof raw !== "string") return undefined;
  const text = raw.trim();
  if (text === "NaN") return null;
  if (text === "+Inf" || text === "Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "") return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

function parsePair(pair: unknown): Sample | string {
  if (!Array.isArray(pair) || pair.length !== 2) return "a sample is not a [time, value] pair";
  const [time, raw] = pair as Pair;
  const seconds = typeof time === "number" ? time : typeof time === "string" ? Number(time) : NaN;
  if (!Number.isFinite(seconds)) return `a sample has an unreadable time ${JSON.stringify(time)}`;
  const value = parseSampleValue(raw);
  if (value === undefined) return `a sample has an unreadable value ${JSON.stringify(raw)}`;
  // Prometheus times are seconds with millisecond precision; rounding removes float noise.
  return { at: Math.round(seconds * 1000), value };
}

function parsePairs(pairs: unknown[]): Sample[] | string {
  const samples: Sample[] = [];
  for (const pair of pairs) {
    const sample = parsePair(pair);
    if (typeof sample === "string") return sample;
    samples.push(sample);
  }
  return samples.sort((a, b) => a.at - b.at);
}

function describeSeries(series: Series): string {
  const labels = Object.entries(series.metric ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `{${labels.join(", ")}}`;
}

/** A gate compares one number: several series would make the comparison ambiguous. */
function tooManySeries(result: Series[]): string {
  const shown = result.slice(0, 3).map(describeSeries).join(", ");
  const more = result.length > 3 ? ` and ${result.length - 3} more` : "";
  return (
    `the query must return one series but returned ${result.length}: ${shown}${more}; ` +
    "aggregate it, e.g. sum(...) or max(...)"
  );
}

function fail(message: string): MetricObservation {
  return { samples: [], error: message };
}

function fromVector(result: Series[], kind: QueryKind): MetricObservation {
  if (kind === "range") return fail("the range query answered with a vector; the server does not look like a Prometheus API");
  if (result.length > 1) return fail(tooManySeries(result));
  const only = result[0];
  if (only === undefined) return { samples: [], error: null };
  const sample = parsePair(only.value);
  return typeof sample === "string" ? fail(`unreadable answer: ${sample}`) : { samples: [sample], error: null };
}

function fromMatrix(result: Series[], kind: QueryKind): MetricObservation {
  if (kind === "instant") {
    return fail("the query returns a range vector (it ends in [duration]); write an instant expression such as rate(x[5m])");
  }
  if (result.length > 1) return fail(tooManySeries(result));
  const only = result[0];
  if (only === undefined) return { samples: [], error: null };
  if (!Array.isArray(only.values)) return fail("unreadable answer: a series has no values");
  const samples = parsePairs(only.values);
  return typeof samples === "string" ? fail(`unreadable answer: ${samples}`) : { samples, error: null };
}

/** Reads a decoded JSON body. Never throws: a body that is not a Prometheus answer is an error value. */
export function observationFromBody(body: unknown, kind: QueryKind): MetricObservation {
  if (typeof body !== "object" || body === null) return fail("the answer is not a Prometheus API response");
  const { status, data, error, errorType } = body as Record<string, unknown>;
  if (status === "error") {
    const type = typeof errorType === "string" ? `${errorType}: ` : "";
    return fail(`Prometheus reported an error: ${type}${typeof error === "string" ? error : "(no message)"}`);
  }
  if (status !== "success" || typeof data !== "object" || data === null) {
    return fail("the answer is not a Prometheus API response");
  }
  const { resultType, result } = data as Record<string, unknown>;
  switch (resultType) {
    case "scalar": {
      const sample = parsePair(result);
      return typeof sample === "string" ? fail(`unreadable answer: ${sample}`) : { samples: [sample], error: null };
    }
    case "vector":
      return Array.isArray(result) ? fromVector(result as Series[], kind) : fail("unreadable answer: the vector is not a list");
    case "matrix":
      return Array.isArray(result) ? fromMatrix(result as Series[], kind) : fail("unreadable answer: the matrix is not a list");
    case "string":
      return fail("the query returns a string; a gate needs a number");
    default:
      return fail(`unreadable answer: unknown result type ${JSON.stringify(resultType)}`);
  }
}
