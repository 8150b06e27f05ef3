// Reading a tracking issue back: which rollout it belongs to and the state of its boxes.
import { parseMarkdown, walk } from "../markdown/parse.js";
import { taskItemsIn, type TaskItem } from "../markdown/task-items.js";
import { readPullRequestMarker, readRolloutMarker } from "./marker.js";

export interface ParsedTrackingIssue {
  /** The rollout named by the first marker outside code; null when the body has none. */
  rollout: string | null;
  /** The plan PR named by the first pull-request marker outside code, while it is open; else null. */
  pullRequest: number | null;
  items: TaskItem[];
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
