// The webhook endpoint: verify, record, answer. GitHub gives a delivery 10 s and recommends
// answering at once and working afterwards, so the handlers run from the queue and this answers
// within milliseconds. The signature is checked by Probot's own verifier (@octokit/webhooks'
// `verify`), the one verifier in the App. Answers:
//   200  recorded (or a duplicate of a recorded delivery, or one the App has nothing to do with);
//   400  a required header missing, a signature that does not verify, or a signed payload that is
//        not an event GitHub sends;
//   415  not JSON;
//   503  the queue could not record it (Redis away): GitHub shows the delivery as failed, and its
//        Redeliver button sends it again once the queue is back. Nothing is acknowledged that
//        was not recorded.
import type { IncomingMessage, ServerResponse } from "node:http";
import { emitterEventNames } from "@octokit/webhooks";
import type { Probot } from "probot";
import { ignoresDelivery } from "./delivery-filter.js";
import type { AppMetrics } from "./observability/metrics.js";
import type { QueueMetrics } from "./queue/metrics.js";
import type { QueueLog, WorkQueue } from "./queue/work-queue.js";

// Node joins repeated headers into one string; only set-cookie comes as a list.
const header = (req: IncomingMessage, name: string) => req.headers[name] as string | undefined;

// Events rather than `for await`: the stream's async iterator costs a few times more per request,
// which a burst of deliveries pays in full on one event loop.
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    // A connection that closes before the body ends fails the request with "aborted".
    req.once("error", reject);
  });
}

const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/;
const EVENTS: ReadonlySet<string> = new Set(emitterEventNames.filter((name) => !name.includes(".")));

type Payload = Record<string, unknown>;
const isObject = (value: unknown): value is Payload => typeof value === "object" && value !== null && !Array.isArray(value);

// The fields the handlers read of each event they take; an event without them is not GitHub's.
const REQUIRED: Record<string, string[]> = {
  issues: ["action", "issue", "repository", "sender"],
  issue_comment: ["action", "comment", "issue", "repository", "sender"],
  pull_request: ["action", "pull_request", "repository", "sender"],
  check_run: ["action", "check_run", "repository", "sender"],
};

/** Why a signed payload is not an event GitHub sends, or null when it is one. */
function notAnEvent(event: string, payload: unknown): string | null {
  if (!EVENTS.has(event)) return `${event} is not a GitHub webhook event`;
  if (!isObject(payload)) return "the payload is not a JSON object";
  const required = REQUIRED[event] ?? [];
  const missing = required.filter((field) => payload[field] === undefined || payload[field] === null);
  if (missing.length > 0) return `the ${event} event has no ${missing.join(", ")}`;
  // Present is not enough: the handlers read into these, so a field of the wrong shape would be a
  // handler failure (500, redelivered) rather than the client error it is.
  const misshapen = required.filter((field) => (field === "action" ? typeof payload[field] !== "string" : !isObject(payload[field])));
  const { repository, sender } = payload;
  if (isObject(repository) && !isObject(repository.owner)) misshapen.push("repository");
  if (isObject(sender) && typeof sender.login !== "string") misshapen.push("sender");
  return misshapen.length === 0 ? null : `the ${event} event's ${[...new Set(misshapen)].join(", ")} is not as GitHub sends it`;
}

interface AcknowledgeOptions {
  probot: Probot;
  queue: WorkQueue;
  metrics: QueueMetrics;
  /** The App's delivery counter, where refused deliveries are counted as rejected. */
  appMetrics?: AppMetrics;
  log: QueueLog;
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain", accept: "application/json" }).end(`${text}\n`);
}

/** Handles one POST to the webhook path; resolves with whether the delivery gave the queue work. */
export function acknowledgeHandler(options: AcknowledgeOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const started = performance.now();
    const done = (status: number, text: string, gaveWork = false) => {
      answer(res, status, text);
      if (status >= 400 && status < 500) options.appMetrics?.deliveries.inc({ event: header(req, "x-github-event") ?? "", outcome: "rejected" });
      options.metrics.acknowledge.observe((performance.now() - started) / 1000);
      return gaveWork;
    };
    if (!JSON_TYPE.test(header(req, "content-type") ?? "")) return done(415, 'Unsupported "Content-Type" header value. Must be "application/json"');
    const event = header(req, "x-github-event");
    const id = header(req, "x-github-delivery");
    const signature = header(req, "x-hub-signature-256");
    const missing = [["x-github-event", event], ["x-hub-signature-256", signature], ["x-github-delivery", id]].filter(([, v]) => v === undefined).map(([k]) => k);
    const body = await readBody(req);
    if (missing.length > 0 || event === undefined || id === undefined || signature === undefined) return done(400, `Required headers missing: ${missing.join(", ")}`);
    const verified = await options.probot.webhooks.verify(body, signature).catch(() => false);
    if (!verified) return done(400, "signature does not match event payload and secret");
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return done(400, "the payload is not JSON");
    }
    const refusal = notAnEvent(event, payload);
    if (refusal !== null) return done(400, refusal);
    if (ignoresDelivery(event, payload as Payload)) return done(200, "ok");
    try {
      const outcome = await options.queue.enqueue({ id, name: event, payload: payload as Payload });
      options.log.info({ delivery: id, event, outcome }, "delivery acknowledged");
      return done(200, "ok", outcome !== "duplicate");
    } catch (error) {
      options.log.error({ delivery: id, event, reason: (error as Error).message }, "delivery refused: the queue could not record it");
      return done(503, "the App's queue is unavailable; redeliver this delivery once it is back");
    }
  };
}
