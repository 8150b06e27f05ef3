// A metrics provider for any server that speaks the Prometheus HTTP API. Instant queries answer
// gates without a window; range queries sampled at the core's step (SAMPLE_STEP_MS) answer `for:`
// rules, so the core can check that a condition held over the whole window. Every failure (unreachable server,
// timeout, HTTP error, bad query, odd answer) comes back as an error observation with a message a
// person can act on, and credentials never appear in a message.
import { SAMPLE_STEP_MS } from "../core/gates.js";
import type { MetricRequest } from "../core/decisions.js";
import type { MetricObservation } from "../core/model.js";
import { errorObservation, failingProvider, type MetricsProvider } from "./provider.js";
import { observationFromBody, type QueryKind } from "./prometheus-response.js";
import { oneLine } from "../core/text.js";

export type PrometheusAuth = { bearer: string } | { username: string; password: string };

export interface PrometheusOptions {
  /** Base URL of the API, with any path prefix (`https://host/prometheus`, `https://mimir/prometheus`). */
  url: string;
  auth?: PrometheusAuth | null;
  /** Each request is abandoned after this long. Default 10 s. */
  requestTimeoutMs?: number;
  /** All requests of one `observe` call share this budget, so a slow server cannot stall a run. Default 45 s. */
  budgetMs?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_BUDGET_MS = 45_000;
const DEFAULT_CONCURRENCY = 4;
const MAX_DETAIL_CHARS = 300;

interface Endpoint {
  /** Base with a trailing slash, credentials removed. */
  base: URL;
  /** Shown in messages: origin and path only. */
  shown: string;
  authorization: string | null;
  /** Credentials to blank out of any text a server sends back before it reaches a message. */
  secrets: string[];
}

function endpoint(options: PrometheusOptions): Endpoint {
  const base = new URL(options.url);
  // fetch refuses URLs with credentials; take them as basic auth rather than failing, and make
  // sure they never reach a message.
  const fromUrl =
    base.username !== "" ? { username: decodeURIComponent(base.username), password: decodeURIComponent(base.password) } : null;
  base.username = "";
  base.password = "";
  base.search = "";
  base.hash = "";
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const auth = options.auth ?? fromUrl;
  let authorization: string | null = null;
  if (auth !== null && "bearer" in auth) authorization = `Bearer ${auth.bearer}`;
  else if (auth !== null) authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
  const secrets = auth === null ? [] : "bearer" in auth ? [auth.bearer] : [auth.password, `${auth.username}:${auth.password}`];
  return {
    base,
    shown: `${base.origin}${base.pathname.replace(/\/$/, "")}`,
    authorization,
    secrets: [...secrets, ...(authorization === null ? [] : [authorization.replace(/^\w+ /, "")])].filter((s) => s.length >= 4),
  };
}

// Prometheus refuses a range query when (end - start) / step exceeds 11,000.
const MAX_POINTS = 11_000;

/**
 * The core's one-minute step, widened to whole minutes only for windows too long for it (beyond
 * about a week). The core infers the spacing from the samples, so a wider step is judged the same.
 * Exported so the widening can be checked for windows no test Prometheus holds data for.
 */
export function rangeStepMs(windowMs: number): number {
  const minutes = Math.ceil(windowMs / MAX_POINTS / SAMPLE_STEP_MS);
  return Math.max(1, minutes) * SAMPLE_STEP_MS;
}

/** Prometheus takes times as Unix seconds; milliseconds survive as decimals. */
const seconds = (ms: number): string => String(ms / 1000);

function requestUrl(ep: Endpoint, request: MetricRequest & { query: string }, now: number): { url: URL; kind: QueryKind } {
  if (request.windowMs === null) {
    const url = new URL("api/v1/query", ep.base);
    url.searchParams.set("query", request.query);
    url.searchParams.set("time", seconds(now));
    return { url, kind: "instant" };
  }
  const url = new URL("api/v1/query_range", ep.base);
  url.searchParams.set("query", request.query);
  url.searchParams.set("start", seconds(now - request.windowMs));
  url.searchParams.set("end", seconds(now));
  url.searchParams.set("step", seconds(rangeStepMs(request.windowMs)));
  return { url, kind: "range" };
}

function clip(text: string): string {
  const line = oneLine(text);
  return line.length > MAX_DETAIL_CHARS ? `${line.slice(0, MAX_DETAIL_CHARS)}…` : line;
}

function httpFailure(ep: Endpoint, response: Response, body: string): string {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  let detail = "";
  try {
    const parsed = JSON.parse(body) as { error?: unknown; errorType?: unknown };
    if (typeof parsed.error === "string") detail = `: ${typeof parsed.errorType === "string" ? `${parsed.errorType}: ` : ""}${clip(parsed.error)}`;
  } catch {
    // Proxies answer with HTML; the status says enough.
  }
  const hint =
    response.status === 401 || response.status === 403
      ? " (check the metrics-token, or metrics-username and metrics-password, inputs)"
      : "";
  return `Prometheus at ${ep.shown} answered ${status}${detail}${hint}`;
}

function transportFailure(ep: Endpoint, error: unknown, budget: AbortSignal, options: Required<Omit<PrometheusOptions, "auth" | "url">>): string {
  if (budget.aborted) {
    return `Prometheus at ${ep.shown} did not answer within the ${options.budgetMs / 1000} s budget for all metric queries of this run`;
  }
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return `Prometheus at ${ep.shown} did not answer within ${options.requestTimeoutMs / 1000} s`;
  }
  // undici reports the reason (ECONNREFUSED, ENOTFOUND, certificate problems) as the cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : "";
  const message = cause instanceof Error ? cause.message : String(cause);
  return `could not reach Prometheus at ${ep.shown}: ${clip(code && !message.includes(code) ? `${code} ${message}` : message)}`;
}

/** A server may echo what it was sent (a proxy's error page, a debug message): never pass a credential on. */
function scrub(ep: Endpoint, observation: MetricObservation): MetricObservation {
  if (observation.error === null) return observation;
  let error = observation.error;
  for (const secret of ep.secrets) error = error.split(secret).join("***");
  return { ...observation, error };
}

async function runQuery(
  ep: Endpoint,
  request: MetricRequest & { query: string },
  now: number,
  budget: AbortSignal,
  options: Required<Omit<PrometheusOptions, "auth" | "url">>,
): Promise<MetricObservation> {
  const { url, kind } = requestUrl(ep, request, now);
  const headers: Record<string, string> = { accept: "application/json" };
  if (ep.authorization !== null) headers.authorization = ep.authorization;
  try {
    const response = await fetch(url, {
      headers,
      redirect: "error",
      signal: AbortSignal.any([AbortSignal.timeout(options.requestTimeoutMs), budget]),
    });
    const body = await response.text();
    if (!response.ok) return errorObservation(httpFailure(ep, response, body));
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return errorObservation(`Prometheus at ${ep.shown} answered with something that is not JSON: ${clip(body)}`);
    }
    return observationFromBody(parsed, kind);
  } catch (error) {
    return errorObservation(transportFailure(ep, error, budget, options));
  }
}

/** Runs tasks with at most `limit` in flight. */
async function inPool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Why the URL cannot be used, or null. The settings schema checks it too; this guards other callers. */
function urlProblem(text: string): string | null {
  if (!URL.canParse(text)) return `metrics.prometheus.url in .github/stagegate.yml is not a URL: ${JSON.stringify(text)}`;
  const { protocol } = new URL(text);
  return protocol === "http:" || protocol === "https:" ? null : `metrics.prometheus.url must be http or https, not ${protocol}`;
}

/** Never throws: an unusable URL gives a provider that reports the problem on every gate. */
export function createPrometheusProvider(options: PrometheusOptions): MetricsProvider {
  const problem = urlProblem(options.url);
  if (problem !== null) return failingProvider("Prometheus (misconfigured)", problem);
  const ep = endpoint(options);
  const settings = {
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS,
    concurrency: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
  };
  const authText = options.auth ? ("bearer" in options.auth ? " (bearer token)" : " (basic auth)") : "";
  return {
    description: `Prometheus at ${ep.shown}${authText}`,
    async observe(requests, nowDate) {
      const now = nowDate.getTime();
      const budget = AbortSignal.timeout(settings.budgetMs);
      // A gate and a rollback rule often ask the same question: ask the server once.
      const unique = new Map<string, Promise<MetricObservation>>();
      const tasks: (() => Promise<void>)[] = [];
      const out: Record<string, MetricObservation> = {};
      for (const request of requests) {
        if (request.query === null || request.query.trim() === "") {
          out[request.key] = errorObservation(
            `gate ${request.gate} has no query; write one in the plan, or supply its values with the metrics-values input`,
          );
          continue;
        }
        const withQuery = { ...request, query: request.query };
        const id = JSON.stringify([withQuery.query, withQuery.windowMs]);
        tasks.push(async () => {
          let pending = unique.get(id);
          if (pending === undefined) {
            pending = runQuery(ep, withQuery, now, budget, settings).then((o) => scrub(ep, o));
            unique.set(id, pending);
          }
          out[request.key] = await pending;
        });
      }
      await inPool(tasks, settings.concurrency);
      return out;
    },
  };
}
