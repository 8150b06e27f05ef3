// YAML read with its positions kept, so every problem can point at the key or value it is about
// (`path:line:col: message`) in the CLI, the Action log and check-run annotations.
import { Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair } from "yaml";
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
export function loadYaml(written: string, file: string, emptyMessage: string): Result<YamlSource> {
  const text = yamlText(written);
  const lines = new LineCounter();
  const at = (offset: number, message: string) => ({ file, ...lines.linePos(offset), message });
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const nul = nulOffset(text);
  if (nul !== null) return fail([at(nul, NUL_MESSAGE)]);
  if (doc.errors.length > 0) return fail(yamlErrors(doc).map((e) => at(e.offset, `YAML syntax: ${e.message}`)));
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return fail([{ file, line: 1, col: 1, message: emptyMessage }]);
  }
  const alias = aliasProblem(doc);
  if (alias !== null) return fail([at(alias.offset, alias.message)]);
  return ok(makeSource(doc, file, (offset) => lines.linePos(offset)));
}

/**
 * The text as YAML 1.2 reads it. A byte order mark is dropped: editors do not count it as a
 * column, so keeping it would put every position on line 1 one column off. A lone CR is a line
 * break in YAML 1.2 (files saved with classic Mac line endings), but the yaml library reads the
 * whole file as one line then; as LF, lines and columns match what an editor shows.
 */
export function yamlText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r(?!\n)/g, "\n");
}

/** No YAML text holds a NUL; a file full of them was saved as UTF-16 (PowerShell's default). */
export const NUL_MESSAGE = "the file contains a NUL character (U+0000), so it is not UTF-8 text: if it was saved as UTF-16, save it again as UTF-8";

export function nulOffset(text: string): number | null {
  const at = text.indexOf("\u0000");
  return at < 0 ? null : at;
}

/**
 * The document's syntax errors, worded for people. Input nested thousands of levels deep runs
 * the yaml library out of stack, which it reports as an error in its own terms (once per
 * recursion that broke): say once what is wrong with the file instead.
 */
export function yamlErrors(doc: Document): Array<{ offset: number; message: string }> {
  const deep = doc.errors.find((e) => /call stack|stack overflow/i.test(e.message));
  if (deep !== undefined) {
    return [{ offset: deep.pos[0], message: "lists or mappings are nested thousands of levels deep here; stagegate files need only a few levels" }];
  }
  return doc.errors.map((e) => unclosedQuote(doc, e.pos[0]) ?? { offset: e.pos[0], message: e.message.replace(/\n[\s\S]*$/, "") });
}

/**
 * The library reports an unclosed quote where the file ends, which can be far below it; the quote
 * itself is what needs fixing, and the scalar it opened still starts there.
 */
function unclosedQuote(doc: Document, errorOffset: number): { offset: number; message: string } | null {
  let found: { offset: number; message: string } | null = null;
  visit(doc, {
    Scalar(_key, node) {
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      if (!quoted || node.range?.[1] !== errorOffset) return undefined;
      const quote = node.type === "QUOTE_DOUBLE" ? '"' : "'";
      found = { offset: node.range[0], message: `this ${quote} is never closed, so the value runs on to the end of the file: close it on the line it belongs to` };
      return visit.BREAK;
    },
  });
  return found;
}

/** Values aliases may add to a document: far more than any plan reuses, far less than an attack needs. */
const MAX_ALIAS_EXPANSION = 100_000;

/**
 * An alias the data cannot be built from: one with no anchor before it, one inside the value its
 * anchor names, or one that makes the aliases expand beyond MAX_ALIAS_EXPANSION values (a
 * "billion laughs": each anchor aliasing the previous one nine times). The yaml library throws
 * on these instead of reporting them; checked here, in document order (the order in which YAML
 * resolves aliases), without expanding anything.
 */
export function aliasProblem(doc: Document): { offset: number; message: string } | null {
  const sizes = new Map<string, number>();
  const open = new Set<string>();
  let added = 0;
  let problem: { offset: number; message: string } | null = null;
  const size = (node: unknown): number => {
    if (problem !== null) return 0;
    if (isAlias(node)) {
      const name = node.source;
      const offset = node.range?.[0] ?? 0;
      const target = sizes.get(name);
      if (open.has(name)) problem = { offset, message: `*${name} is inside the value &${name} names: an alias cannot contain itself` };
      else if (target === undefined) problem = { offset, message: `*${name} refers to no anchor: write &${name} on a value above it, or write the value out` };
      else if ((added += target) > MAX_ALIAS_EXPANSION) {
        problem = { offset, message: `*${name} makes this file's aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")} values: use aliases to reuse small parts, like an exit checklist, or write the values out` };
      }
      return target ?? 0;
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor !== undefined) open.add(anchor);
    let n = 1;
    if (isPair(node)) n = size(node.key) + size(node.value);
    else if (isCollection(node)) for (const item of node.items) n += size(item);
    if (anchor !== undefined) {
      open.delete(anchor);
      sizes.set(anchor, n);
    }
    return n;
  };
  size(doc.contents);
  return problem;
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
    // aliasProblem has bounded what aliases add, so the library's own (stricter) count is off.
    data: doc.toJS({ maxAliasCount: -1 }),
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
