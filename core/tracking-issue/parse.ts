// Reading a tracking issue back: which rollout it belongs to and the state of its boxes.
import { parseMarkdown, walk } from "../markdown/parse.js";
import { taskItemsIn, type TaskItem } from "../markdown/task-items.js";
import { readRolloutMarker } from "./marker.js";

export interface ParsedTrackingIssue {
  /** The rollout named by the first marker outside code; null when the body has none. */
  rollout: string | null;
  items: TaskItem[];
}

export function parseTrackingIssue(body: string): ParsedTrackingIssue {
  const parsed = parseMarkdown(body);
  let rollout: string | null = null;
  walk(parsed.tree, (node) => {
    if (rollout !== null) return false;
    if (node.type === "html") rollout = readRolloutMarker(node.value);
    return true;
  });
  return { rollout, items: taskItemsIn(parsed, body) };
}
