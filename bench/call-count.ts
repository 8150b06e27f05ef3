// Counting what an operation cost on GitHub, from the emulator's request log. Two kinds of
// request are set apart because they are not the operation's cost: the installation token,
// which Probot creates once per installation and hour and then caches, and `GET /app`, which
// the App asks once per process to learn its own bot login. A `304 Not Modified` answer to a
// conditional request is counted, but apart: GitHub does not charge it to the rate limit.
import { isWrite, type LoggedRequest } from "../sandbox/github-emulator/index.js";

export const TOKEN_ROUTE = "POST /app/installations/{installation_id}/access_tokens";
export const APP_ROUTE = "GET /app";

export interface CallCount {
  /** Requests that count against the rate limit: the figure budgets hold. */
  calls: number;
  reads: number;
  writes: number;
  /** Conditional requests answered 304 (free of rate limit), not in `calls`. */
  notModified: number;
  /** Token creations and `GET /app`, not in `calls`. */
  setup: number;
  /** Of `setup`, the installation tokens created. */
  tokens: number;
  /** `calls` per route, e.g. `GET /repos/{owner}/{repo}/contents/{path}: 3`. */
  routes: Record<string, number>;
}

// A GraphQL query reads (the emulator answers no mutation).
const isRead = (e: LoggedRequest) => !isWrite(e);

export function countCalls(entries: readonly LoggedRequest[]): CallCount {
  const count: CallCount = { calls: 0, reads: 0, writes: 0, notModified: 0, setup: 0, tokens: 0, routes: {} };
  for (const e of entries) {
    const route = e.route ?? `${e.method} ${e.url.split("?")[0]}`;
    if (route === TOKEN_ROUTE || route === APP_ROUTE) {
      count.setup++;
      if (route === TOKEN_ROUTE) count.tokens++;
      continue;
    }
    if (e.status === 304) {
      count.notModified++;
      continue;
    }
    count.calls++;
    if (isRead(e)) count.reads++;
    else count.writes++;
    count.routes[route] = (count.routes[route] ?? 0) + 1;
  }
  return count;
}

/** `GET contents ×3, PUT contents, PATCH issue` — short enough for a table cell. */
export function routeSummary(routes: Record<string, number>): string {
  return Object.entries(routes)
    .map(([route, n]) => `${shortRoute(route)}${n > 1 ? ` ×${n}` : ""}`)
    .join(", ");
}

function shortRoute(route: string): string {
  const [method, path = ""] = route.split(" ");
  const parts = path.split("/").filter((p) => p !== "" && !p.startsWith("{"));
  // The last two literal segments name the resource well enough: `issues comments`, `check-runs`.
  const tail = parts.slice(-2).filter((p) => p !== "repos");
  return `${method} ${tail.join("/") || path}`;
}
