// The Action's HTTP client: the little of `fetch` that Octokit uses, over node:http and
// node:https. Node's own `fetch` is undici, which loads on first use and made up a third of the
// Action's start-up (≈ 90 ms of CPU on a 2-core runner) for the handful of requests a scheduled
// run makes. The modules are taken with `process.getBuiltinModule` rather than an import: an
// ESM import of node:http builds its namespace from every export, and one of those exports is a
// getter that loads undici all the same.
//
// Networks as self-hosted runners have them: the agents take HTTPS_PROXY / HTTP_PROXY / NO_PROXY
// from the environment (Node's own `proxyEnv`, since 24.5: CONNECT tunnels for https, absolute
// URLs for http), and every request is bounded by a timeout, so a stalled connection fails the
// step with a message instead of hanging the job until the runner kills it.
import type * as Http from "node:http";
import type * as Https from "node:https";

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  signal?: AbortSignal | null;
  redirect?: string;
  /** Milliseconds without an answer (connecting, or between bytes) before the request fails. */
  timeoutMs?: number;
}

/** Long enough for GitHub's slowest answers (a large tree, a busy search), short enough for a job. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** The parts of a fetch Response that Octokit reads. */
export interface FetchResponse {
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null; [Symbol.iterator](): Iterator<[string, string]> };
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
  body: null;
}

class ResponseHeaders {
  constructor(private readonly entries: Map<string, string>) {}

  get(name: string): string | null {
    return this.entries.get(name.toLowerCase()) ?? null;
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries[Symbol.iterator]();
  }
}

interface Transport {
  request: typeof Http.request;
  agent: Http.Agent;
}

const transports = new Map<string, Transport>();

// One keep-alive agent per protocol for the whole run: every request goes to the same API host.
// The proxy variables are read once, when the first request of a protocol is made.
function transport(protocol: string): Transport {
  let found = transports.get(protocol);
  if (found === undefined) {
    const module = (protocol === "https:" ? process.getBuiltinModule("node:https") : process.getBuiltinModule("node:http")) as typeof Http | typeof Https;
    found = { request: module.request as typeof Http.request, agent: new module.Agent({ keepAlive: true, proxyEnv: process.env }) };
    transports.set(protocol, found);
  }
  return found;
}

/**
 * Closes the kept-alive sockets, so the process can exit as soon as its work is done. A process
 * that runs the Action's code against several servers in turn (the test suite) drops them this way.
 */
export function closeConnections(): void {
  for (const { agent } of transports.values()) agent.destroy();
  transports.clear();
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** Follows redirects as fetch does (GitHub answers 301 for a renamed repository). */
export async function httpFetch(url: string, init: FetchInit = {}): Promise<FetchResponse> {
  let current = { url, init };
  for (let hop = 0; ; hop++) {
    const response = await once(current.url, current.init);
    const location = response.headers.get("location");
    if (!REDIRECTS.has(response.status) || location === null || init.redirect === "manual") return response;
    if (init.redirect === "error" || hop >= MAX_REDIRECTS) throw new TypeError(`fetch failed: too many redirects or redirect refused for ${url}`);
    const next = new URL(location, current.url);
    const method = (current.init.method ?? "GET").toUpperCase();
    // As fetch: 303, and 301/302 after anything but GET/HEAD, continue as a GET without a body;
    // credentials are not sent to another origin.
    const asGet = response.status === 303 || ((response.status === 301 || response.status === 302) && method !== "GET" && method !== "HEAD");
    const headers = { ...current.init.headers };
    if (next.origin !== new URL(current.url).origin) delete headers.authorization;
    current = { url: next.toString(), init: { ...current.init, headers, ...(asGet ? { method: "GET", body: null } : {}) } };
  }
}

function once(url: string, init: FetchInit): Promise<FetchResponse> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") return Promise.reject(new TypeError(`cannot fetch ${target.protocol} URLs`));
  const { request, agent } = transport(target.protocol);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: init.method ?? "GET", headers: init.headers, agent, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const headers = new Map<string, string>();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
        const text = () => Promise.resolve(body.toString("utf8"));
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? "",
          url,
          headers: new ResponseHeaders(headers),
          text,
          json: async () => JSON.parse(await text()) as unknown,
          arrayBuffer: () => Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer),
          body: null,
        });
      });
    });
    const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    req.setTimeout(timeoutMs, () => {
      req.destroy(new Error(`${init.method ?? "GET"} ${target.origin}${target.pathname} got no answer within ${timeoutMs / 1000} s: check the network, or HTTPS_PROXY / NO_PROXY on this runner`));
    });
    req.on("error", reject);
    req.end(init.body ?? undefined);
  });
}
