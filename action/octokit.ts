// The Action's Octokit. A scheduled run that fails on one transient 502 or a secondary rate limit
// would leave its rollout unmoved for another fifteen minutes, so reads and writes are retried a
// few times; a stale-sha 409 never is (the port asks for no retries on commits, because the
// answer to a conflict is to re-read and re-decide, not to send the same write again).
//
// Built on @octokit/core with only the plugins the port uses (pagination) and retries, not on
// @octokit/rest: the port calls routes by name (`request("GET /repos/{owner}/{repo}/…")`), so
// rest's table of a thousand endpoint methods (80 KiB) would only be compiled on every run. The
// retries are @octokit/plugin-retry's policy without its job queue (octokit-retry.ts).
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { httpFetch, type FetchInit } from "./http-fetch.js";
import { retry } from "./octokit-retry.js";

const ActionOctokit = Octokit.plugin(paginateRest, retry);
export type ActionOctokit = InstanceType<typeof ActionOctokit>;

export interface ActionOctokitOptions {
  token: string;
  baseUrl: string;
  log: (message: string) => void;
  /** Base of the growing wait between retries (1×, 4×, 9×), in ms. */
  retryBaseMs?: number;
  /** The longest `retry-after` a secondary rate limit may ask for before the run gives up on it. */
  maxRetryAfterSeconds?: number;
  /** Per-request timeout (action/http-fetch.ts's default otherwise). */
  timeoutMs?: number;
}

export function createActionOctokit(options: ActionOctokitOptions): ActionOctokit {
  const { log } = options;
  const octokit = new ActionOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: "stagegate-action",
    // Octokit logs every non-2xx answer as an error, but a 404 for a state file that does not
    // exist yet is an answer, not a failure: the port turns expected answers into values.
    log: { debug: log, info: log, warn: log, error: log },
    retry: { retries: 3, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    // node:http rather than Node's fetch (undici), which costs more to load than the run's work.
    request: { fetch: ((url: string, init: FetchInit) => httpFetch(url, { ...init, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) })) as unknown as typeof fetch },
  });
  const maxWait = options.maxRetryAfterSeconds ?? 60;
  // GitHub's secondary rate limit answers 403 (or 429) with `retry-after`: wait as told, once.
  octokit.hook.wrap("request", async (request, requestOptions) => {
    try {
      return await request(requestOptions);
    } catch (error) {
      const wait = retryAfterSeconds(error);
      if (wait === null || wait > maxWait) throw error;
      log(`secondary rate limit on ${requestOptions.method} ${requestOptions.url}: retrying after ${wait}s`);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      return request(requestOptions);
    }
  });
  return octokit;
}

function retryAfterSeconds(error: unknown): number | null {
  const e = error as { status?: number; response?: { headers?: Record<string, string | undefined> } };
  if (e.status !== 403 && e.status !== 429) return null;
  const header = e.response?.headers?.["retry-after"];
  if (header === undefined) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
