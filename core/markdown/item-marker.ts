// The hidden marker tying a task item of the tracking issue to its checklist item. Apart from
// task-items.ts (which parses) so that rendering an issue does not load the Markdown parser.

/** Which checklist item a task item stands for. */
export type ItemRef = { kind: "signoff"; id: string } | { kind: "exit"; stage: string; id: string };

// Segments are percent-encoded so any id or stage name fits in an HTML comment: `>` and `/`
// never appear raw, so a name can neither close the comment nor fake another segment.
const encodeSegment = (s: string): string => encodeURIComponent(s);

function decodeSegment(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export function itemKey(ref: ItemRef): string {
  return ref.kind === "signoff" ? `signoff/${encodeSegment(ref.id)}` : `exit/${encodeSegment(ref.stage)}/${encodeSegment(ref.id)}`;
}

/** Reads a key back; null for anything that is not a well-formed key. */
export function parseItemKey(key: string): ItemRef | null {
  const parts = key.split("/").map(decodeSegment);
  if (parts.some((p) => p === null || p === "")) return null;
  const [kind, a, b] = parts as string[];
  if (kind === "signoff" && parts.length === 2) return { kind, id: a as string };
  if (kind === "exit" && parts.length === 3) return { kind, stage: a as string, id: b as string };
  return null;
}

/** The hidden marker the renderer writes into an item. */
export function itemMarker(ref: ItemRef): string {
  return `<!-- stagegate:item ${itemKey(ref)} -->`;
}
