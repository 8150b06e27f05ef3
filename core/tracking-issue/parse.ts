// Reading a tracking issue back: which rollout it belongs to and the state of its boxes.
import { parseMarkdown, tooCostlyToParse, walk } from "../markdown/parse.js";
import { taskItemsIn, type TaskItem } from "../markdown/task-items.js";
import { readPullRequestMarker, readRolloutMarker, ROLLOUT_MARKER_TEXT } from "./marker.js";

export interface ParsedTrackingIssue {
  /** The rollout named by the first marker outside code; null when the body has none. */
  rollout: string | null;
  /** The plan PR named by the first pull-request marker outside code, while it is open; else null. */
  pullRequest: number | null;
  items: TaskItem[];
}

/**
 * Whether a body can be a tracking issue at all: the rollout marker's text appears in it. Most
 * issues and comments an App is sent are not stagegate's, and answering them must not cost a
 * Markdown parse; a body that passes still gets the real parse, which ignores markers in code.
 */
export function mayBeTrackingIssue(body: string): boolean {
  return body.includes(ROLLOUT_MARKER_TEXT);
}

/**
 * The rollout a tracking issue belongs to: the same answer as `parseTrackingIssue(body).rollout`,
 * without the Markdown parse when the body says it plainly. The App writes the marker as the
 * body's first line, and an HTML comment that opens a document is an HTML block, never code, so
 * its marker is the first one outside code. Any other body takes the full parse. The webhook
 * endpoint keys every delivery by its rollout before answering, and the full parse of a tracking
 * issue (a quarter of a millisecond) was most of the endpoint's own time during a burst.
 */
export function trackingIssueRollout(body: string): string | null {
  if (!mayBeTrackingIssue(body)) return null;
  // A body past the parser's cost bounds reads as code (no marker counts), so it takes the full path.
  if (body.startsWith("<!--") && !tooCostlyToParse(body)) {
    const rollout = readRolloutMarker(body);
    if (rollout !== null) return rollout;
  }
  return parseTrackingIssue(body).rollout;
}

export function parseTrackingIssue(body: string): ParsedTrackingIssue {
  const parsed = parseMarkdown(body);
  let rollout: string | null = null;
  let pullRequest: number | null = null;
  walk(parsed.tree, (node) => {
    if (node.type === "html") {
      rollout ??= readRolloutMarker(node.value);
      pullRequest ??= readPullRequestMarker(node.value);
    }
    return rollout === null || pullRequest === null;
  });
  return { rollout, pullRequest, items: taskItemsIn(parsed, body) };
}
