// One GFM parser for everything stagegate reads out of Markdown (task lists, markers, commands),
// so "what counts" is decided by the same grammar GitHub renders with, never by a regex.
import type { Nodes, ListItem, Root } from "mdast";
import { fromMarkdown, type CompileContext, type Extension, type Token } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export interface ParsedMarkdown {
  tree: Root;
  /**
   * For each task list item, the offset of the character between its brackets (` `, `x` or `X`).
   * mdast drops the checkbox token, so the parser records it here; edits then touch exactly
   * that one character.
   */
  checkOffsets: Map<ListItem, number>;
}

// The GFM parser's cost grows with the square of some constructs: nesting depth (`1. 1. 1. …`,
// `>>>>…`) and emphasis or strikethrough delimiters within one paragraph (`*a*a*a…`). At GitHub's
// 65,536 characters that is a minute of CPU per event, and anyone who can comment can send it.
// No issue or comment a person writes comes near these bounds, so text past them is read as
// code, like text the parser cannot nest: nothing in it counts, and reading it stays fast.
const MAX_CONTAINER_DEPTH = 100;
/** Per run of lines without a blank line between them (a paragraph or a table at most). */
const MAX_DELIMITERS_PER_BLOCK = 2_000;

/** Whether the text is past the bounds above (a lexical count, not a parse: it only bounds cost). */
export function tooCostlyToParse(text: string): boolean {
  let delimiters = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const next = text.indexOf("\n", lineStart);
    const end = next === -1 ? text.length : next;
    if (containerDepth(text, lineStart) > MAX_CONTAINER_DEPTH) return true;
    if (text.slice(lineStart, end).trim() === "") delimiters = 0;
    for (let i = lineStart; i < end; i++) {
      const c = text.charCodeAt(i);
      if ((c === 42 /* * */ || c === 126) /* ~ */ && ++delimiters > MAX_DELIMITERS_PER_BLOCK) return true;
    }
    if (next === -1) break;
    lineStart = next + 1;
  }
  return false;
}

// How deep a line can nest: its block-quote and list-item markers (`> `, `- `, `* `, `+ `, `1. `,
// `1) `), plus its indentation, since list items nest by indenting the next line (two columns at
// least per level).
function containerDepth(text: string, at: number): number {
  let markers = 0;
  let columns = 0;
  let i = at;
  for (;;) {
    let run = 0;
    for (; text[i] === " " || text[i] === "\t"; i++) run += text[i] === "\t" ? 4 : 1;
    // The one space that ends a marker is part of it; only wider gaps can indent a nested item.
    columns += markers === 0 ? run : Math.max(0, run - 1);
    const c = text[i];
    if (c === ">") {
      i++;
    } else if ((c === "-" || c === "*" || c === "+") && (text[i + 1] === " " || text[i + 1] === "\t")) {
      i += 2;
    } else if (c !== undefined && c >= "0" && c <= "9") {
      let j = i;
      while (j - i < 9 && text[j] !== undefined && (text[j] as string) >= "0" && (text[j] as string) <= "9") j++;
      if ((text[j] === "." || text[j] === ")") && (text[j + 1] === " " || text[j + 1] === "\t")) i = j + 2;
      else break;
    } else {
      break;
    }
    if (++markers + columns / 2 > MAX_CONTAINER_DEPTH) break;
  }
  return markers + Math.floor(columns / 2);
}

export function parseMarkdown(text: string): ParsedMarkdown {
  if (tooCostlyToParse(text)) return { tree: asCode(text), checkOffsets: new Map() };
  const checkOffsets = new Map<ListItem, number>();
  // A tiny extension: on leaving the `[x]` token the stack holds list item, then paragraph
  // (the same shape mdast-util-gfm-task-list-item relies on).
  const recordChecks: Extension = {
    exit: {
      taskListCheck(this: CompileContext, token: Token) {
        checkOffsets.set(this.stack[this.stack.length - 2] as ListItem, token.start.offset + 1);
      },
    },
  };
  try {
    const tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown(), recordChecks] });
    return { tree, checkOffsets };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Thousands of nested quotes or list items (`>>>>…`, `1. 1. 1. …`, a few thousand characters)
    // overflow the recursion of the GFM transforms. Such text is read as one code block: nothing in
    // it counts, so it can neither run a command nor tick a box, and reading it never throws.
    return { tree: asCode(text), checkOffsets: new Map() };
  }
}

function asCode(text: string): Root {
  const lines = text.split(/\r\n|\r|\n/);
  const position = { start: { line: 1, column: 1, offset: 0 }, end: { line: lines.length, column: (lines.at(-1) as string).length + 1, offset: text.length } };
  return { type: "root", children: [{ type: "code", lang: null, meta: null, value: text, position }], position };
}

/** Whether a node is a parent, so walks can descend without caring which kind it is. */
function childrenOf(node: Nodes): Nodes[] {
  return "children" in node ? (node.children as Nodes[]) : [];
}

/**
 * Visits nodes depth-first in document order. `visit` returns false to skip a node's children.
 * Iterative, so deeply nested input (e.g. thousands of `>`) cannot overflow the stack.
 */
export function walk(root: Nodes, visit: (node: Nodes) => boolean | void): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    if (visit(node) === false) continue;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Nodes);
  }
}

type Position = NonNullable<Nodes["position"]>;

// fromMarkdown positions every node it creates, offsets included.
export function startOffset(node: Nodes): number {
  return (node.position as Position).start.offset as number;
}

export function endOffset(node: Nodes): number {
  return (node.position as Position).end.offset as number;
}
