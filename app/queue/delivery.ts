// A delivery as the queue carries it, and the two things the queue must know about one: which
// rollout it works on (work on one rollout runs one at a time, in order) and whether a failure
// is worth another try.
import { trackingIssueRollout } from "../../core/tracking-issue/parse.js";

export interface QueuedDelivery {
  /** `X-GitHub-Delivery`: the same for every redelivery of one event. */
  id: string;
  /** `X-GitHub-Event`. */
  name: string;
  payload: Record<string, unknown>;
}

interface Shape {
  repository?: { full_name?: string };
  issue?: { number?: number; body?: string | null };
  pull_request?: { number?: number };
  check_run?: { head_sha?: string; pull_requests?: Array<{ number?: number }> };
}

/**
 * The serialization key of a delivery. Ticks and commands name their rollout in the tracking
 * issue's marker; a plan pull request's rollouts are only known once its files are read, so its
 * events are keyed by the pull request (a re-run of one of its checks, by the first pull request
 * the check run lists), which keeps each pull request's events in order.
 */
export function rolloutKey(delivery: Pick<QueuedDelivery, "name" | "payload">): string {
  const payload = delivery.payload as Shape;
  const repo = (payload.repository?.full_name ?? "-").toLowerCase();
  const issue = payload.issue;
  if (issue !== undefined) {
    const rollout = trackingIssueRollout(issue.body ?? "");
    return rollout === null ? `${repo}#issue-${issue.number ?? 0}` : `${repo}#rollout-${rollout}`;
  }
  const pr = payload.pull_request?.number ?? payload.check_run?.pull_requests?.[0]?.number;
  if (pr !== undefined) return `${repo}#pr-${pr}`;
  return `${repo}#${delivery.name}`;
}

interface ErrorShape {
  status?: unknown;
  message?: unknown;
  code?: unknown;
  errors?: unknown;
  cause?: unknown;
  response?: { headers?: Record<string, unknown> };
}

// Failures that GitHub or the network may not repeat: server errors, rate limits (primary and
// secondary), timeouts and connection failures. Anything else (a 404, a 422, a bug) fails the
// same way on every try, so it goes straight to the failed set.
const NETWORK = /fetch failed|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up|other side closed|aborted|timeout/i;

/** Whether retrying may help: true when any of the errors a delivery's handlers threw is transient. */
export function isTransient(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== "object" || depth > 4) return false;
  const e = error as ErrorShape;
  if (Array.isArray(e.errors) && e.errors.length > 0) return e.errors.some((inner) => isTransient(inner, depth + 1));
  const status = typeof e.status === "number" ? e.status : null;
  if (status !== null) {
    if (status >= 500 || status === 429 || status === 408) return true;
    if (status === 403) {
      const headers = e.response?.headers ?? {};
      return headers["retry-after"] !== undefined || headers["x-ratelimit-remaining"] === "0" || /rate limit/i.test(String(e.message ?? ""));
    }
    return false;
  }
  if (NETWORK.test(String(e.message ?? "")) || NETWORK.test(String(e.code ?? ""))) return true;
  return isTransient(e.cause, depth + 1);
}

/** A one-line reason for the failed set and the logs (stack traces stay in debug logs). */
export function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(reasonOf).join("; ");
  if (error instanceof Error) {
    const status = (error as ErrorShape).status;
    return typeof status === "number" ? `${status}: ${error.message}` : error.message;
  }
  return String(error);
}
