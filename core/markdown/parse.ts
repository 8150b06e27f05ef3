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

export function parseMarkdown(text: string): ParsedMarkdown {
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
