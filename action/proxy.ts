// The runner's proxy for the requests that go through Node's `fetch` (Prometheus, metrics/):
// GitHub's go through action/http-fetch.ts, whose agents read the same variables themselves.
// Only when a proxy is configured, because setting it up loads undici, which a run without a
// proxy never needs (see http-fetch.ts).
import type * as Http from "node:http";

const VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

/** Returns whether a proxy was taken from the environment. */
export function useProxyFromEnvironment(env: NodeJS.ProcessEnv): boolean {
  if (!VARIABLES.some((name) => env[name])) return false;
  const http = process.getBuiltinModule("node:http") as typeof Http;
  // Node ≥ 24.14; an older Node 24 reaches Prometheus without the proxy, GitHub still through it.
  if (typeof http.setGlobalProxyFromEnv !== "function") return false;
  http.setGlobalProxyFromEnv(env);
  return true;
}
