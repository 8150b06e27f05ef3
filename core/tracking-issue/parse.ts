// Reading a tracking issue back: which rollout it belongs to and the state of its boxes.
import { parseMarkdown, walk } from "../markdown/parse.js";
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
