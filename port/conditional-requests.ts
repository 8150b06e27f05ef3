// GitHub answers a conditional GET (`If-None-Match: <the ETag of an earlier answer>`) with
// `304 Not Modified` when nothing changed, and a 304 is not charged to the rate limit. The App
// reads the same few things for every event of a repository (settings, plan, state file, the
// tracking issue right before writing it); with the last answers kept here, re-reading what has
// not changed costs nothing. The answer is still GitHub's: nothing is served without asking it.
import type { Octokit } from "@octokit/rest";
import { SizedCache } from "./sized-cache.js";

type Hooked = Pick<Octokit, "hook" | "request">;
type Response = Awaited<ReturnType<Octokit["request"]>>;

interface Entry {
  etag: string;
  response: Response;
  bytes: number;
}

/**
 * The last answer per URL, least recently used first out once `maxBytes` is reached. Exported for
 * the callers of useConditionalRequests that want a cache of their own size, not the shared one.
 */
export class ConditionalCache extends SizedCache<Entry> {
  constructor(maxBytes = 32 * 1024 * 1024) {
    super(maxBytes);
  }
}

/** One cache per process: every event's client (Probot makes one per event) shares it. */
const sharedConditionalCache = new ConditionalCache();

const isNotModified = (error: unknown): boolean => typeof error === "object" && error !== null && (error as { status?: unknown }).status === 304;

/** Makes every GET of this client conditional on the answer it last got for the same URL. */
export function useConditionalRequests(octokit: Hooked, cache: ConditionalCache = sharedConditionalCache): void {
  octokit.hook.wrap("request", async (request, options) => {
    if (options.method.toUpperCase() !== "GET") return request(options);
    const parsed = octokit.request.endpoint.parse(options);
    // The same URL asked for in another media type (raw file contents) is another answer.
    const key = `${parsed.url} ${parsed.headers.accept}`;
    const cached = cache.get(key);
    if (cached !== undefined) options.headers = { ...options.headers, "if-none-match": cached.etag };
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (typeof etag === "string" && response.status === 200) {
        // Copies in and out: callers (Octokit's paginate among them) reshape the data they get.
        cache.set(key, { etag, response: structuredClone(response), bytes: Number(response.headers["content-length"]) || 1024 });
      }
      return response;
    } catch (error) {
      if (cached !== undefined && isNotModified(error)) return structuredClone(cached.response);
      throw error;
    }
  });
}
