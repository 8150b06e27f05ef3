// Retries for the Action's Octokit: the policy of @octokit/plugin-retry 8, written out. That
// plugin hands every request to a Bottleneck limiter of its own (a job queue with events and
// timers) only to wait between attempts; loading and running Bottleneck for the two requests of
// a scheduled run cost ≈ 5 ms of CPU and a timer turn per request (docs/performance.md, "Action
// start-up"). The policy, as the plugin has it:
// - an answer of 400 or more is retried unless it is one of DO_NOT_RETRY (the request itself is
//   wrong, or not allowed); so are failures to connect, which @octokit/request reports as 500;
// - so is a GraphQL answer whose first error is GitHub's "Something went wrong while executing
//   your query" (a timeout on its side), as a 500;
// - at most `retries` times (3), or the request's own `request.retries` (0 for commits: a stale
//   write is re-read and re-decided, never resent), waiting 1, 4, 9… × `retryAfterBaseValue` ms.
//   (Given a positive `request.retries`, the plugin also resends refused requests at once; no
//   request of stagegate's asks for that.)
// test/action/octokit-retry.test.ts runs both on the same answers and compares every attempt.
import type { Octokit } from "@octokit/core";
import { RequestError } from "@octokit/request-error";

export interface RetryOptions {
  retries: number;
  /** The first wait, in ms; the n-th is n² times as long. */
  retryAfterBaseValue: number;
}

/** Statuses that say the request is wrong or not allowed: sending it again cannot help. */
export const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 451];

const GRAPHQL_HICCUP = /Something went wrong while executing your query/;

interface Answer {
  data?: { errors?: Array<{ message: string }> };
}

export function retry(octokit: Octokit, octokitOptions: { retry?: Partial<RetryOptions> }): Record<string, never> {
  const state: RetryOptions = { retries: 3, retryAfterBaseValue: 1000, ...octokitOptions.retry };
  octokit.hook.wrap("request", async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      let failure: unknown;
      try {
        const response = await request(options);
        const message = (response as Answer).data?.errors?.[0]?.message;
        if (message === undefined || !GRAPHQL_HICCUP.test(message)) return response;
        failure = new RequestError(message, 500, { request: options, response: response as never });
      } catch (error) {
        failure = error;
      }
      const retries = options.request?.retries ?? state.retries;
      if (!retryable(failure) || attempt >= retries) throw failure;
      await new Promise((resolve) => setTimeout(resolve, (attempt + 1) ** 2 * state.retryAfterBaseValue));
    }
  });
  return {};
}

function retryable(error: unknown): boolean {
  const e = error as { status?: number; request?: { request?: unknown } } | null;
  return e?.request?.request !== undefined && typeof e.status === "number" && e.status >= 400 && !DO_NOT_RETRY.includes(e.status);
}
