// Writes a state file. When the previous text is given, the edit is made in place through
// yaml's Document API so that whatever a person wrote around the data (comments, key order,
// blank lines) survives the bot's commits: the file stays theirs to read.
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, visit, YAMLMap, YAMLSeq, type Node, type Pair, type Range } from "yaml";
import type { RolloutState } from "../model.js";
import { STATE_HEADER, toStateFile } from "./state-schema.js";

const KEY_ORDER = ["rollout", "tracking-issue", "stage", "percent", "status", "entered", "resume-to", "approvals", "open-alerts", "history"];
const LIST_KEYS = new Set(["approvals", "open-alerts", "history"]);
// One entry per line whatever its length; escapes keep a stray newline in a reason on that line.
const TO_STRING = { lineWidth: 0, doubleQuotedAsJSON: true } as const;

export function serializeState(state: RolloutState, previousText: string | null): string {
  const desired = toStateFile(state);
  const previous = previousText === null ? null : parseDocument(previousText);
  const doc = previous !== null && previous.errors.length === 0 && isMap(previous.contents) ? previous : freshDocument();
  const map = doc.contents as YAMLMap;

  moveKeyLineComments(map, previousText ?? "");
  for (const pair of [...map.items]) {
    const key = keyName(pair);
    if (key === null || !(key in desired)) map.items.splice(map.items.indexOf(pair), 1);
  }
  for (const key of KEY_ORDER) {
    if (key in desired) update(doc, map, key, desired[key]);
  }

  let text = doc.toString(TO_STRING);
  if (!text.startsWith(`# ${STATE_HEADER}`)) {
    // A comment separated from the data by a blank line belongs to the document, else to the mapping.
    if (doc.commentBefore) doc.commentBefore = ` ${STATE_HEADER}\n${doc.commentBefore}`;
    else map.commentBefore = map.commentBefore ? ` ${STATE_HEADER}\n${map.commentBefore}` : ` ${STATE_HEADER}`;
    text = doc.toString(TO_STRING);
  }
  return text;
}

function freshDocument(): Document {
  const map = new YAMLMap();
  // On the mapping rather than the document, so no blank line separates it from `rollout:`.
  map.commentBefore = ` ${STATE_HEADER}`;
  return new Document(map);
}

function update(doc: Document, map: YAMLMap, key: string, value: unknown): void {
  const pair = map.items.find((p) => keyName(p) === key);
  if (pair === undefined) {
    map.items.splice(insertionIndex(map, key), 0, doc.createPair(key, LIST_KEYS.has(key) ? listNode(doc, null, value as unknown[]) : quotedLineBreaks(doc.createNode(value))));
    return;
  }
  if (LIST_KEYS.has(key)) {
    pair.value = listNode(doc, isSeq(pair.value) ? pair.value : null, value as unknown[]);
  } else if (isScalar(pair.value)) {
    // Mutating the scalar keeps a comment written beside it (`status: paused  # why`).
    if (pair.value.value !== value) {
      pair.value.value = value;
      quotedLineBreaks(pair.value);
    }
  } else {
    pair.value = quotedLineBreaks(doc.createNode(value));
  }
}

/** Rebuilds a list, reusing the node of every entry that did not change (and its comment). */
function listNode(doc: Document, existing: YAMLSeq | null, entries: unknown[]): YAMLSeq {
  const seq = existing ?? new YAMLSeq();
  const unused = [...seq.items];
  seq.items = entries.map((entry) => {
    const same = unused.findIndex((node) => sameData(toData(node), entry));
    if (same >= 0) return unused.splice(same, 1)[0];
    const node = quotedLineBreaks(doc.createNode(entry)) as YAMLMap;
    node.flow = true;
    return node;
  });
  // `[]` when empty, else one entry per line.
  seq.flow = entries.length === 0;
  return seq;
}

/**
 * A string with a line break would be written as a multi-line plain or block scalar, spreading
 * one entry over several lines; double quotes keep it on one (`"a\nb"`).
 */
function quotedLineBreaks<T extends Node>(node: T): T {
  visit(node, {
    Scalar(_key, scalar) {
      if (typeof scalar.value === "string" && /[\r\n]/.test(scalar.value)) scalar.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return node;
}

/** Keeps the documented order for keys the previous file lacked: after their predecessor. */
function insertionIndex(map: YAMLMap, key: string): number {
  const rank = KEY_ORDER.indexOf(key);
  let index = 0;
  map.items.forEach((pair, i) => {
    // Only known keys are left by now (the others were dropped first).
    if (KEY_ORDER.indexOf(keyName(pair) as string) < rank) index = i + 1;
  });
  return index;
}

/**
 * yaml attaches `approvals:   # verified ticks` to the list below it, which would print the
 * comment on a line of its own. Put comments that were written on the key's line back there.
 */
function moveKeyLineComments(map: YAMLMap, text: string): void {
  for (const pair of map.items) {
    const value = pair.value as Node | null;
    if (!isScalar(pair.key) || !(isSeq(value) || isMap(value)) || value.flow || !value.commentBefore) continue;
    // Parsed nodes always have ranges: the text between the key and its value holds the comment.
    const between = text.slice((pair.key.range as Range)[1], (value.range as Range)[0]);
    if (!between.replace(/\n[\s\S]*$/, "").includes("#")) continue;
    const [onKeyLine, ...rest] = value.commentBefore.split("\n");
    pair.key.comment = onKeyLine;
    value.commentBefore = rest.length > 0 ? rest.join("\n") : null;
  }
}

function keyName(pair: Pair): string | null {
  return isScalar(pair.key) && typeof pair.key.value === "string" ? pair.key.value : null;
}

function toData(node: unknown): unknown {
  // Items of a parsed or built sequence are always nodes.
  return (node as Node).toJSON();
}

function sameData(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v,
  );
}
