// Most deliveries an installed App receives are not for stagegate: edits of ordinary issues,
// comments on them, its own edits coming back. Probot builds a context for every delivery that
// has a handler, including an authenticated API client, before the handler can say "not mine";
// that alone made an ignored `issues.edited` cost about twice what Probot's bare receipt costs.
// So the App answers those deliveries itself, in front of Probot's webhook middleware, once their
// signature checks out, and hands everything else on untouched.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunctionOptions, Probot } from "probot";
import { mayBeTrackingIssue } from "../core/tracking-issue/parse.js";

interface Sender {
  type?: string;
}

interface IssuesEdited {
  action?: string;
  changes?: { body?: { from?: string } };
  issue?: { body?: string | null };
  sender?: Sender;
}

interface CommentCreated {
  action?: string;
  comment?: { user?: Sender | null };
  issue?: { body?: string | null; pull_request?: unknown };
  sender?: Sender;
}

const isBot = (sender: Sender | null | undefined): boolean => sender?.type === "Bot";

/** An `issues.edited` that cannot be a tick: no body change, a bot's edit, or not a tracking issue. */
export function ignoresIssueEdit(payload: IssuesEdited): boolean {
  // A body that no longer looks like a tracking issue but did before the edit is one whose marker
  // someone removed: the App restores it.
  const from = payload.changes?.body?.from;
  return from === undefined || isBot(payload.sender) || (!mayBeTrackingIssue(payload.issue?.body ?? "") && !mayBeTrackingIssue(from));
}

/** An `issue_comment.created` that cannot be a command: a bot's, on a pull request, or off a tracking issue. */
export function ignoresComment(payload: CommentCreated): boolean {
  return isBot(payload.sender) || isBot(payload.comment?.user) || Boolean(payload.issue?.pull_request) || !mayBeTrackingIssue(payload.issue?.body ?? "");
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The objects each handled event carries, as GitHub always sends them. */
const CARRIES: Record<string, string[]> = { issues: ["issue"], issue_comment: ["issue", "comment"], pull_request: ["pull_request"], check_run: ["check_run"] };

/** Whether a payload has the shape GitHub gives the events the App handles (others: any object). */
export function isEventPayload(event: string, payload: unknown): boolean {
  if (!isObject(payload)) return false;
  const carries = CARRIES[event];
  if (carries === undefined) return true;
  const repository = payload.repository;
  if (typeof payload.action !== "string" || !isObject(repository) || typeof repository.default_branch !== "string" || !isObject(repository.owner)) return false;
  if (!isObject(payload.sender) || typeof payload.sender.login !== "string") return false;
  return carries.every((key) => isObject(payload[key]));
}

/** Whether the App would do nothing with this delivery, judged from its payload alone. */
export function ignoresDelivery(event: string, payload: unknown): boolean {
  if (typeof payload !== "object" || payload === null) return false;
  const action = (payload as { action?: unknown }).action;
  if (event === "issues" && action === "edited") return ignoresIssueEdit(payload as IssuesEdited);
  if (event === "issue_comment" && action === "created") return ignoresComment(payload as CommentCreated);
  // Events the App has no handler for cost Probot nothing extra; the rest are Probot's to route.
  return false;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/;
const trimSlashes = (path: string): string => path.replace(/\/+$/, "") || "/";

/**
 * Answers ignorable deliveries with Probot's own "ok" and passes every other request on. A
 * delivery whose signature does not verify is passed on too, so Probot refuses it exactly as it
 * always has. The body read here is left on `req.body`, where Probot's middleware looks first.
 */
export function ignoredDeliveryHandler(app: Probot) {
  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<boolean> => {
    const event = header(req, "x-github-event");
    const signature = header(req, "x-hub-signature-256");
    if (req.method !== "POST" || event === undefined || signature === undefined || header(req, "x-github-delivery") === undefined) return false;
    if (trimSlashes(new URL(req.url ?? "/", "http://localhost").pathname) !== trimSlashes(app.webhookPath)) return false;
    // Anything Probot would refuse (wrong content type, bad signature) is left for it to refuse.
    if (!JSON_TYPE.test(header(req, "content-type") ?? "")) return false;
    const body = await readBody(req);
    req.body = body;
    let payload: unknown;
    try {
      if (!(await app.webhooks.verify(body, signature))) return false;
      payload = JSON.parse(body);
    } catch {
      return false;
    }
    if (!isEventPayload(event, payload)) {
      // Signed, so from whoever holds the secret, but not an event GitHub sends: a client error
      // to answer as one, not a handler failure (500) to be redelivered.
      res.writeHead(400, { "content-type": "text/plain" }).end(`the ${event} payload is not a GitHub event\n`);
      return true;
    }
    if (!ignoresDelivery(event, payload)) return false;
    res.writeHead(200, { "content-type": "text/plain", accept: "application/json", "content-length": "3" }).end("ok\n");
    return true;
  };
}

/**
 * Installs the handler when the App is served over HTTP. Under `probot.receive` (tests) there is
 * no server and Probot's `addHandler` throws: deliveries then reach the handlers, which ignore the
 * same events by the same rules.
 */
export function answerIgnoredDeliveries(app: Probot, options: Partial<ApplicationFunctionOptions> | undefined): void {
  try {
    options?.addHandler?.(ignoredDeliveryHandler(app));
  } catch {
    // No HTTP server: nothing to put in front of.
  }
}
