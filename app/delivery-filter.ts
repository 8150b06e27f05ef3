// Most deliveries an installed App receives are not for stagegate: edits of ordinary issues,
// comments on them, its own edits coming back. Judged from the payload alone, they are
// acknowledged and never queued (app/acknowledge.ts); the handlers apply the same rules to what
// reaches them by other ways (probot.receive).
import { mayBeTrackingIssue } from "../core/tracking-issue/parse.js";

// The fields read here are there: the webhook endpoint refuses events without them
// (app/acknowledge.ts), and Probot's typed payloads have them.
interface Sender {
  type?: string;
}

interface IssuesEdited {
  changes?: { body?: { from?: string } };
  issue: { body?: string | null };
  sender: Sender;
}

interface CommentCreated {
  comment: { user: Sender | null };
  issue: { body?: string | null; pull_request?: unknown };
  sender: Sender;
}

const isBot = (sender: Sender | null): boolean => sender?.type === "Bot";

/**
 * The body before an `issues.edited` that may be a tick; null for one that cannot be: no body
 * change, a bot's edit, or not a tracking issue.
 */
export function tickEditFrom(payload: IssuesEdited): string | null {
  // A body that no longer looks like a tracking issue but did before the edit is one whose marker
  // someone removed: the App restores it.
  const from = payload.changes?.body?.from;
  if (from === undefined || isBot(payload.sender) || (!mayBeTrackingIssue(payload.issue.body ?? "") && !mayBeTrackingIssue(from))) return null;
  return from;
}

/** An `issue_comment.created` that cannot be a command: a bot's, on a pull request, or off a tracking issue. */
export function ignoresComment(payload: CommentCreated): boolean {
  return isBot(payload.sender) || isBot(payload.comment.user) || Boolean(payload.issue.pull_request) || !mayBeTrackingIssue(payload.issue.body ?? "");
}

/** Whether the App would do nothing with this delivery, judged from its payload alone. */
export function ignoresDelivery(event: string, payload: Record<string, unknown>): boolean {
  const action = payload.action;
  if (event === "issues" && action === "edited") return tickEditFrom(payload as unknown as IssuesEdited) === null;
  if (event === "issue_comment" && action === "created") return ignoresComment(payload as unknown as CommentCreated);
  // Events the App has no handler for are cheap to run through Probot: no context is built.
  return false;
}
