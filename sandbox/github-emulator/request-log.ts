// Every API request the emulator answered, so tests can hold the App and the Action to an
// API-call budget and notice any call GitHub would reject.

export interface LoggedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  /** `METHOD /template` from GitHub's description, or null when the route is not in it. */
  route: string | null;
  operationId: string | null;
  /** `installation:<id>`, `app:<id>`, `actions:<owner/repo>`, `user:<login>` or `anonymous`. */
  actor: string;
  status: number;
  /** Why GitHub would not accept this request (unknown route, invalid params or body), if so. */
  violation: string | null;
  /** Set when a fault switch produced the answer. */
  fault: string | null;
  durationMs: number;
  /** Where the emulator's own answer strays from the documented response schema (when checked). */
  responseProblems: string[];
}

/**
 * Whether a request could change anything: every method but GET and HEAD, except `POST /graphql`,
 * through which the emulator answers queries only (a mutation is refused).
 */
export function isWrite(entry: Pick<LoggedRequest, "method" | "route">): boolean {
  return entry.method !== "GET" && entry.method !== "HEAD" && entry.route !== "POST /graphql";
}

export interface RequestFilter {
  route?: string;
  method?: string;
  actor?: string;
  operationId?: string;
}

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private waiters: Array<{ filter: RequestFilter; count: number; resolve: () => void }> = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
    this.waiters = this.waiters.filter((w) => {
      if (this.count(w.filter) < w.count) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `count` requests matching `filter` have been answered: a gate for racing tests. */
  answered(filter: RequestFilter, count = 1): Promise<void> {
    if (this.count(filter) >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ filter, count, resolve }));
  }

  all(filter: RequestFilter = {}): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        (filter.route === undefined || e.route === filter.route) &&
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.actor === undefined || e.actor === filter.actor) &&
        (filter.operationId === undefined || e.operationId === filter.operationId),
    );
  }

  count(filter: RequestFilter = {}): number {
    return this.all(filter).length;
  }

  /** Requests per `METHOD /template` (unknown routes under `METHOD <path>`). */
  counts(by: "route" | "route+actor" = "route"): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.entries) {
      const route = e.route ?? `${e.method} ${e.url.split("?")[0]}`;
      const key = by === "route" ? route : `${route} ${e.actor}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Requests GitHub would have rejected for not following its API description. */
  violations(): LoggedRequest[] {
    return this.entries.filter((e) => e.violation !== null);
  }

  /** Answers of the emulator that did not match GitHub's response schemas (`checkResponses`). */
  nonConformingResponses(): LoggedRequest[] {
    return this.entries.filter((e) => e.responseProblems.length > 0);
  }

  reset(): void {
    this.entries.length = 0;
  }
}
