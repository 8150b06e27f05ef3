// GitHub's limits on how much one token may ask, so that a client which would break them fails a
// test instead of failing in production:
// - at most 100 requests in flight at once per token, REST and GraphQL together (a secondary
//   rate limit: GitHub answers 403 and the request is lost);
// - the workflow token's hourly budgets: 1,000 REST requests and 1,000 GraphQL points an hour
//   per repository. Installation tokens (5,000 and up an hour) are not held to a budget here:
//   the App's benches drive thousands of events through one installation in minutes of real
//   time, which the emulator's clock does not see pass.
// The hour is the emulator clock's, like every other time it shows, so a story that moves the
// clock a day ahead gets a fresh hour as it would on GitHub.
import type { Clock } from "./clock.js";

export const MAX_IN_FLIGHT = 100;
const ACTIONS_REST_PER_HOUR = 1000;
const ACTIONS_GRAPHQL_POINTS_PER_HOUR = 1000;
const HOUR = 3_600_000;

interface Window {
  resetAt: number;
  rest: number;
  graphql: number;
}

export class RateLimits {
  readonly #inFlight = new Map<string, number>();
  readonly #windows = new Map<string, Window>();
  /** The most requests any one token had in flight at once (for benches and tests). */
  peakInFlight = 0;

  constructor(private readonly clock: Clock) {}

  /** Counts a request in; false when the token already has the most GitHub allows in flight. */
  enter(actor: string): boolean {
    const now = (this.#inFlight.get(actor) ?? 0) + 1;
    this.#inFlight.set(actor, now);
    this.peakInFlight = Math.max(this.peakInFlight, now);
    return now <= MAX_IN_FLIGHT;
  }

  leave(actor: string): void {
    const now = (this.#inFlight.get(actor) ?? 1) - 1;
    if (now === 0) this.#inFlight.delete(actor);
    else this.#inFlight.set(actor, now);
  }

  #window(actor: string): Window {
    const now = this.clock.now().getTime();
    let window = this.#windows.get(actor);
    if (window === undefined || now >= window.resetAt) {
      window = { resetAt: now + HOUR, rest: 0, graphql: 0 };
      this.#windows.set(actor, window);
    }
    return window;
  }

  static budgeted(actor: string): boolean {
    return actor.startsWith("actions:");
  }

  /** REST requests charged this hour and the hourly limit, as GitHub's x-ratelimit headers say. */
  rest(actor: string): { used: number; limit: number; resetAt: number } {
    const w = this.#window(actor);
    return { used: w.rest, limit: RateLimits.budgeted(actor) ? ACTIONS_REST_PER_HOUR : 5000, resetAt: w.resetAt };
  }

  /** False when the token has no REST request left this hour. */
  restAllowed(actor: string): boolean {
    return !RateLimits.budgeted(actor) || this.#window(actor).rest < ACTIONS_REST_PER_HOUR;
  }

  chargeRest(actor: string): number {
    return ++this.#window(actor).rest;
  }

  graphql(actor: string): { used: number; limit: number; remaining: number; resetAt: string } {
    const w = this.#window(actor);
    const limit = RateLimits.budgeted(actor) ? ACTIONS_GRAPHQL_POINTS_PER_HOUR : 5000;
    return { used: w.graphql, limit, remaining: RateLimits.budgeted(actor) ? limit - w.graphql : Number.MAX_SAFE_INTEGER, resetAt: new Date(w.resetAt).toISOString() };
  }

  chargeGraphQL(actor: string, points: number): void {
    this.#window(actor).graphql += points;
  }
}
