// GitHub answers a conditional GET (`If-None-Match: <the ETag of an earlier answer>`) with
// `304 Not Modified` when nothing changed, and a 304 is not charged to the rate limit. The App
// reads the same few things for every event of a repository (settings, plan, state file, the
// tracking issue right before writing it); with the last answers kept here, re-reading what has
// not changed costs nothing. The answer is still GitHub's: nothing is served without asking it.
import type { Octokit } from "@octokit/rest";

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
export class ConditionalCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(readonly maxBytes = 32 * 1024 * 1024) {}

  get(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      // Maps iterate in insertion order: re-inserting marks it most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  get size(): number {
    return this.#entries.size;
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
