// Fault switches: make a route fail the way GitHub fails — a 5xx, a secondary rate limit
// (403 with retry-after), a 429 — or answer slowly, for the next N calls or for a fraction of
// calls drawn from a seeded generator so a failing run can be replayed.

import { error, type Reply } from "./replies.js";

export interface FaultSpec {
  /** `METHOD /template` (e.g. `PUT /repos/{owner}/{repo}/contents/{path}`), an operationId, or `*`. */
  route: string;
  /** Only requests by this actor (`installation:<id>`, `user:<login>`, `actions:<repo>`…). */
  actor?: string;
  /** Answer with this status (500, 502, 503, 429…) instead of handling the request. */
  status?: number;
  /** Answer 403 "secondary rate limit" with this `retry-after` (seconds). */
  secondaryRateLimit?: { retryAfter: number };
  /** Delay the answer (the request is still handled, unless a status is set too). */
  latencyMs?: number;
  /**
   * Hold the request until this gate opens, then handle it: a test decides the order of racing
   * requests by releasing them, instead of betting on a delay being long enough.
   */
  gate?: Promise<unknown>;
  /** Fire for the next N matching calls only. */
  times?: number;
  /** Let this many matching calls through first. */
  skip?: number;
  /** Fire for this fraction (0..1) of matching calls, drawn with `seed`. */
  probability?: number;
  seed?: number;
}

export interface FaultHandle {
  readonly spec: FaultSpec;
  /** How many calls this fault affected so far. */
  readonly hits: number;
  remove(): void;
}

export interface FaultDecision {
  latencyMs: number;
  gate: Promise<unknown> | null;
  reply: Reply | null;
  label: string;
}

interface ActiveFault {
  spec: FaultSpec;
  hits: number;
  remaining: number;
  skip: number;
  random: () => number;
}

export class Faults {
  private active: ActiveFault[] = [];

  inject(spec: FaultSpec): FaultHandle {
    if (spec.status === undefined && spec.secondaryRateLimit === undefined && spec.latencyMs === undefined && spec.gate === undefined) {
      throw new Error("a fault needs a status, a secondaryRateLimit, a latencyMs or a gate");
    }
    const fault: ActiveFault = { spec, hits: 0, remaining: spec.times ?? Infinity, skip: spec.skip ?? 0, random: mulberry32(spec.seed ?? 1) };
    this.active.push(fault);
    return {
      spec,
      get hits() {
        return fault.hits;
      },
      remove: () => {
        this.active = this.active.filter((f) => f !== fault);
      },
    };
  }

  clear(): void {
    this.active = [];
  }

  /** What the faults say about one request; consumes `times` and draws from the RNG. */
  decide(route: string | null, operationId: string | null, actor: string): FaultDecision | null {
    for (const fault of this.active) {
      const { spec } = fault;
      if (spec.route !== "*" && spec.route !== route && spec.route !== operationId) continue;
      if (spec.actor !== undefined && spec.actor !== actor) continue;
      if (fault.remaining <= 0) continue;
      if (fault.skip > 0) {
        fault.skip -= 1;
        continue;
      }
      if (spec.probability !== undefined && fault.random() >= spec.probability) continue;
      fault.remaining -= 1;
      fault.hits += 1;
      return { latencyMs: spec.latencyMs ?? 0, gate: spec.gate ?? null, reply: replyFor(spec), label: describe(spec) };
    }
    return null;
  }
}

function replyFor(spec: FaultSpec): Reply | null {
  if (spec.secondaryRateLimit) {
    const reply = error(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.");
    return { ...reply, headers: { "retry-after": String(spec.secondaryRateLimit.retryAfter) } };
  }
  if (spec.status === 429) return { ...error(429, "API rate limit exceeded"), headers: { "retry-after": "1", "x-ratelimit-remaining": "0" } };
  if (spec.status !== undefined) return error(spec.status, STATUS_MESSAGES[spec.status] ?? (spec.status >= 500 ? "Server Error" : "Injected fault"));
  return null;
}

// GitHub's own wording for the statuses worth injecting, so error handling meets real text.
const STATUS_MESSAGES: Record<number, string> = {
  401: "Bad credentials",
  403: "Resource not accessible by integration",
  404: "Not Found",
  409: "Conflict: the branch moved while this request was processed; re-read and retry",
  422: "Validation Failed",
  500: "Server Error",
  502: "Server Error",
  503: "Service Unavailable",
  504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
};

function describe(spec: FaultSpec): string {
  if (spec.secondaryRateLimit) return `secondary-rate-limit retry-after=${spec.secondaryRateLimit.retryAfter}`;
  if (spec.status !== undefined) return `status ${spec.status}`;
  if (spec.gate !== undefined) return "held at a gate";
  return `latency ${spec.latencyMs}ms`;
}

// A small seeded PRNG: the same seed draws the same failures on every run.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
