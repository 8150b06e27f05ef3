// YAML read with its positions kept, so every problem can point at the key or value it is about
// (`path:line:col: message`) in the CLI, the Action log and check-run annotations.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from "yaml";
import { fail, ok, type Problem, type Result } from "./result.js";

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/**
 * What a problem points at: the value at the path, its key, or the mapping that holds the path
 * (for a missing key: the key that opens that mapping, or its first line when it has no key).
 */
export type Anchor = "value" | "key" | "container";

export interface YamlSource {
  file: string;
  /** The document as plain data, ready for schema validation. */
  data: unknown;
  /** Whether the path leads to something written in the file. */
  has(path: Path): boolean;
  /** A problem about `path`; the message is prefixed with the field's name, e.g. `stages[2].bake: …`. */
  problem(path: Path, message: string, anchor?: Anchor): Problem;
}

/** `stages[2].exit[0].role`: how messages name a field. */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += (out === "" ? "" : ".") + (/^[A-Za-z0-9_-]+$/.test(segment) ? segment : JSON.stringify(segment));
  }
  return out;
}

/**
 * Parses YAML text. Syntax errors come back as problems on their own: a document that did not
 * parse has no reliable structure to check further. An empty document is a problem too,
 * `emptyMessage` saying what the file should hold.
 */
export function loadYaml(text: string, file: string, emptyMessage: string): Result<YamlSource> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { file, line, col, message: `YAML syntax: ${error.message}` };
      }),
    );
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return fail([{ file, line: 1, col: 1, message: emptyMessage }]);
  }
  return ok(makeSource(doc, file, (offset) => lines.linePos(offset)));
}

/**
 * A source for data that never was text here (Probot's `context.config` hands over an object
 * with `_extends` already merged): problems name the field but point at 1:1.
 */
export function objectSource(data: unknown, file: string): YamlSource {
  return makeSource(new Document(data), file, () => ({ line: 1, col: 1 }));
}

interface Step {
  node: Node | null;
  /** The pair whose value `node` is, when reached through a mapping. */
  pair: Pair | null;
}

function makeSource(doc: Document, file: string, linePos: (offset: number) => { line: number; col: number }): YamlSource {
  const resolve = (node: unknown): Node | null => (isAlias(node) ? node.resolve(doc) : node) as Node | null;

  // The steps taken along the path, as far as the document goes.
  const walk = (path: Path): Step[] => {
    const steps: Step[] = [{ node: resolve(doc.contents), pair: null }];
    for (const segment of path) {
      const here = steps[steps.length - 1]!.node;
      let next: Step | null = null;
      if (isMap(here)) {
        const pair = here.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
        if (pair) next = { node: resolve(pair.value), pair };
      } else if (isSeq(here) && typeof segment === "number" && segment < here.items.length) {
        next = { node: resolve(here.items[segment]), pair: null };
      }
      if (next === null) break;
      steps.push(next);
    }
    return steps;
  };

  const startOf = (node: { range?: [number, number, number] | null } | null | undefined): { line: number; col: number } | null =>
    node?.range ? linePos(node.range[0]) : null;

  const positionOf = (path: Path, anchor: Anchor): { line: number; col: number } => {
    const target = anchor === "container" ? path.slice(0, -1) : path;
    const steps = walk(target);
    const reached = steps.length === target.length + 1;
    const last = steps[steps.length - 1]!;
    const keyPos = last.pair ? startOf(last.pair.key as Node) : null;
    const valueIsBlank = last.node === null || (isScalar(last.node) && last.node.value === null);
    // Blank values (`bake:`) and keys asked for point at the key; everything else at the value.
    // A path that leaves the document (a default filled in) points at the deepest part written.
    const preferKey = anchor === "container" || (anchor === "key" && reached) || valueIsBlank;
    return (preferKey ? keyPos : null) ?? startOf(last.node) ?? keyPos ?? { line: 1, col: 1 };
  };

  return {
    file,
    data: doc.toJS({ maxAliasCount: 100 }),
    has: (path) => walk(path).length === path.length + 1,
    problem: (path, message, anchor = "value") => {
      const { line, col } = positionOf(path, anchor);
      // A problem about a key or a missing key belongs to the mapping that holds it.
      const named = anchor === "value" ? path : path.slice(0, -1);
      return { file, line, col, message: named.length === 0 ? message : `${formatPath(named)}: ${message}` };
    },
  };
}

/** Problems in reading order, each reported once. */
export function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.line}:${p.col}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}
