// The HTTP front of the emulator. Every request goes through the same steps as on GitHub:
// route (against GitHub's description), authenticate, parse and validate, then handle. A
// request GitHub would reject is answered loudly and logged as a violation so tests notice.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createHash, randomBytes } from "node:crypto";
import { authenticate } from "./auth.js";
import type { Faults } from "./faults.js";
import { answerGraphQL } from "./graphql.js";
import { MAX_IN_FLIGHT, type RateLimits } from "./rate-limits.js";
import type { GitHubDescription, RouteMatch } from "./openapi.js";
import { error, isReply, type Reply } from "./replies.js";
import type { LoggedRequest, RequestLog } from "./request-log.js";
import type { Env, HandlerTable } from "./routes/types.js";
import type { Actor } from "./state.js";

export interface ServerDeps {
  description: GitHubDescription;
  env: Env;
  handlers: HandlerTable;
  log: RequestLog;
  faults: Faults;
  /** Validate every JSON response against the documented schema and log mismatches. */
  checkResponses: boolean;
  /** Base URL for Link headers; known once the server listens. */
  baseUrl: () => string;
  /** Concurrency and hourly budgets per token. */
  limits: RateLimits;
}

export function createApiServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    void handle(deps, req, res).catch((err: unknown) => {
      // Only a bug in the emulator gets here: answer 500 like GitHub, keep the process alive.
      if (!res.headersSent) send(res, error(500, `emulator error: ${err instanceof Error ? err.message : String(err)}`), "");
    });
  });
}

/** Operations GitHub answers without authentication: the manifest's conversion is its own proof. */
const ANONYMOUS_OPERATIONS = new Set(["apps/create-from-manifest"]);

function actorLabel(actor: Actor | null): string {
  if (actor === null) return "anonymous";
  switch (actor.kind) {
    case "user":
      return `user:${actor.login}`;
    case "app":
      return `app:${actor.appId}`;
    case "installation":
      return `installation:${actor.installationId}`;
    case "actions":
      return `actions:${actor.repo}`;
    case "anonymous":
      return "anonymous";
  }
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const raw = await readBody(req);
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", deps.baseUrl());
  const entry: LoggedRequest = { method, url: `${url.pathname}${url.search}`, route: null, operationId: null, actor: "anonymous", status: 0, violation: null, fault: null, durationMs: 0, responseProblems: [] };
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  const { limits } = deps;
  let entered = false;
  const finish = (answer: Reply, graphql?: { cost: number }, uncharged = false) => {
    if (entered) limits.leave(entry.actor);
    const reply = conditional(method, answer, entry.actor, req.headers);
    entry.status = reply.status;
    entry.durationMs = performance.now() - started;
    deps.log.record(entry);
    if (graphql !== undefined) {
      limits.chargeGraphQL(entry.actor, graphql.cost);
      const points = limits.graphql(entry.actor);
      send(res, reply, requestId, { limit: points.limit, used: points.used, resource: "graphql", resetAt: Date.parse(points.resetAt) });
      return;
    }
    // As on GitHub, a 304 answer to a conditional request is not charged to the rate limit.
    if (reply.status !== 304 && !uncharged) limits.chargeRest(entry.actor);
    const rest = limits.rest(entry.actor);
    send(res, reply, requestId, { limit: rest.limit, used: rest.used, resource: "core", resetAt: rest.resetAt });
  };

  // JWT expiry is checked against the real clock: the App signs its JWTs with the real clock,
  // whatever time the emulator clock shows.
  const actor = authenticate(deps.env.state, header(req, "authorization"), Math.floor(Date.now() / 1000));
  if (!isReply(actor)) entry.actor = actorLabel(actor);
  entered = true;
  if (!limits.enter(entry.actor)) {
    entry.violation = `more than ${MAX_IN_FLIGHT} requests in flight at once for ${entry.actor} (GitHub's secondary rate limit)`;
    return finish(error(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."));
  }

  if (method === "POST" && url.pathname === "/graphql") {
    entry.route = "POST /graphql";
    entry.operationId = "graphql";
    if (isReply(actor)) return finish(actor);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString("utf8"));
    } catch {
      entry.violation = "request body is not valid JSON";
      return finish(error(400, "Problems parsing JSON"));
    }
    const fault = deps.faults.decide(entry.route, entry.operationId, entry.actor);
    if (fault) {
      entry.fault = fault.label;
      if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault.reply) return finish(fault.reply, { cost: 0 });
    }
    const answer = await answerGraphQL(deps.env, actor, parsed, limits.graphql(entry.actor));
    entry.violation = answer.violation;
    return finish({ status: answer.status, body: answer.body }, { cost: answer.cost });
  }
  if (!limits.restAllowed(entry.actor)) {
    entry.violation = `${entry.actor} is over its hourly budget of ${limits.rest(entry.actor).limit} requests`;
    return finish(error(403, `API rate limit exceeded for ${entry.actor}.`), undefined, true);
  }

  const match = deps.description.match(method, url.pathname);
  if (!match) {
    entry.violation = `${method} ${url.pathname} is not in GitHub's API description`;
    return finish(error(404, `Not Found: ${method} ${url.pathname} is not in GitHub's API description (api.github.com ${deps.description.version})`));
  }
  entry.route = `${match.method} ${match.template}`;
  entry.operationId = match.operationId;
  // GitHub serves a few operations without credentials; every other one needs them.
  const anonymous = ANONYMOUS_OPERATIONS.has(match.operationId) && header(req, "authorization") === undefined;
  if (isReply(actor) && !anonymous) return finish(actor);

  let body: unknown = undefined;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      entry.violation = "request body is not valid JSON";
      return finish(error(400, "Problems parsing JSON"));
    }
  }
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
  const problems = deps.description.validateRequest(match, { method, path: url.pathname, query: url.search.slice(1), headers, body });
  if (problems.length > 0) {
    entry.violation = `invalid request for ${match.operationId}: ${problems.join("; ")}`;
    return finish(error(422, `Invalid request for ${match.method} ${match.template} per GitHub's API description:\n${problems.join("\n")}`, { errors: problems }));
  }

  const fault = deps.faults.decide(entry.route, match.operationId, entry.actor);
  if (fault) {
    entry.fault = fault.label;
    if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault.gate !== null) await fault.gate;
    if (fault.reply) return finish(fault.reply);
  }

  const handler = deps.handlers[match.operationId];
  if (!handler) {
    entry.violation = `${match.operationId} is in GitHub's API description but not emulated`;
    return finish(error(501, `${match.method} ${match.template} (${match.operationId}) is not emulated`));
  }
  let reply: Reply;
  try {
    reply = await handler({ operationId: match.operationId, params: match.params, query: url.searchParams, body: (body ?? {}) as Record<string, unknown>, actor: isReply(actor) ? { kind: "anonymous" } : actor, headers, url: new URL(url.pathname, deps.baseUrl()) }, deps.env);
  } catch (err) {
    // A bug in the emulator, not a GitHub behaviour: logged as a violation so a test notices.
    entry.violation = `emulator error in ${match.operationId}: ${err instanceof Error ? err.message : String(err)}`;
    return finish(error(500, entry.violation));
  }
  if (deps.checkResponses) entry.responseProblems = checkResponse(deps.description, match, reply);
  finish(reply);
}

/**
 * GitHub's conditional requests: every successful GET answer carries an `ETag` (a weak one, as
 * GitHub's are, and one that varies with the caller, as GitHub's vary with Authorization); a
 * request whose `If-None-Match` names the current ETag gets `304 Not Modified` with no body.
 */
function conditional(method: string, reply: Reply, actor: string, headers: IncomingMessage["headers"]): Reply {
  if ((method !== "GET" && method !== "HEAD") || reply.status !== 200 || reply.body === undefined) return reply;
  const content = Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body);
  const etag = `W/"${createHash("sha256").update(actor).update("\0").update(String(headers.accept ?? "")).update("\0").update(content).digest("hex").slice(0, 40)}"`;
  const withTag = { ...reply, headers: { ...reply.headers, etag } };
  const asked = headers["if-none-match"];
  const tags = (Array.isArray(asked) ? asked.join(",") : (asked ?? "")).split(",").map((t) => t.trim());
  if (!tags.includes(etag) && !tags.includes("*")) return withTag;
  // The rest of the answer's headers (Link for a page) stay, as GitHub keeps them.
  return { status: 304, headers: withTag.headers };
}

function checkResponse(description: GitHubDescription, match: RouteMatch, reply: Reply): string[] {
  if (Buffer.isBuffer(reply.body) || reply.body === undefined) return [];
  return description.validateResponse(match.operationId, reply.status, reply.body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply, requestId: string, rate?: { limit: number; used: number; resource: string; resetAt: number }): void {
  const headers: Record<string, string> = {
    "x-github-request-id": requestId,
    "x-github-api-version-selected": "2022-11-28",
    "x-github-media-type": "github.v3; format=json",
  };
  if (rate) {
    headers["x-ratelimit-limit"] = String(rate.limit);
    headers["x-ratelimit-used"] = String(rate.used);
    headers["x-ratelimit-remaining"] = String(Math.max(0, rate.limit - rate.used));
    headers["x-ratelimit-resource"] = rate.resource;
    headers["x-ratelimit-reset"] = String(Math.floor(rate.resetAt / 1000));
  }
  Object.assign(headers, reply.headers ?? {});
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  if (Buffer.isBuffer(reply.body)) {
    res.writeHead(reply.status, { "content-type": "application/octet-stream", ...headers }).end(reply.body);
    return;
  }
  res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(reply.body));
}
