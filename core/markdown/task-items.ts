// Task list items as GitHub renders them, each tied to a checklist item by a hidden marker.
// Items are identified by the marker's key only: people reorder, reword and annotate the
// issue, and a tick must still land on the item it was meant for.
import type { ListItem, Nodes } from "mdast";
import { itemKey, parseItemKey, type ItemRef } from "./item-marker.js";
import { parseMarkdown, walk, type ParsedMarkdown } from "./parse.js";

export { itemKey, itemMarker, parseItemKey, type ItemRef } from "./item-marker.js";

export interface TaskItem {
  checked: boolean;
  /** Canonical key from the item's marker (`signoff/<id>`, `exit/<stage>/<id>`); null without one. */
  key: string | null;
  ref: ItemRef | null;
  /** Offset of the character between the brackets (` `, `x` or `X`). */
  offset: number;
  /** 1-based line of the item, for messages. */
  line: number;
}

// Reads only the text of an html node the parser already found; structure comes from the parser.
const MARKER = /^<!--[ \t]*stagegate:item[ \t]+(\S+)[ \t]*-->/;

/** The key of the first marker that belongs to this item itself (not to a nested item). */
function markerRef(item: ListItem): ItemRef | null {
  let ref: ItemRef | null = null;
  walk(item, (node: Nodes) => {
    if (ref !== null || node.type === "list") return false;
    if (node.type === "html") {
      const match = MARKER.exec(node.value);
      if (match) ref = parseItemKey(match[1] as string);
    }
    return true;
  });
  return ref;
}

/**
 * Every task item in a Markdown document: `-`, `*`, `+` and ordered items whose first paragraph
 * starts with a checkbox, nested and blockquoted ones included, nothing inside code.
 */
export function parseTaskItems(markdown: string): TaskItem[] {
  return taskItemsIn(parseMarkdown(markdown), markdown);
}

/** The task items of a document already parsed (`markdown` is the text it was parsed from). */
export function taskItemsIn({ tree, checkOffsets }: ParsedMarkdown, markdown: string): TaskItem[] {
  const items: TaskItem[] = [];
  walk(tree, (node) => {
    if (node.type !== "listItem" || typeof node.checked !== "boolean") return true;
    const offset = checkOffsets.get(node) as number;
    // GitHub's comment renderer (unlike its file renderer) wants a space or a tab between the
    // brackets; `[` + line break + `]` is not a checkbox in an issue.
    if (markdown[offset] === "\n" || markdown[offset] === "\r") return true;
    const ref = markerRef(node);
    items.push({
      checked: node.checked,
      key: ref === null ? null : itemKey(ref),
      ref,
      offset,
      line: (node.position as NonNullable<ListItem["position"]>).start.line,
    });
    return true;
  });
  return items;
}

/** Keyed items by key. When a key repeats (a pasted copy), the first in the document counts. */
export function keyedItems(items: TaskItem[]): Map<string, TaskItem> {
  const byKey = new Map<string, TaskItem>();
  for (const item of items) {
    if (item.key !== null && !byKey.has(item.key)) byKey.set(item.key, item);
  }
  return byKey;
}
