// Reads a state file. The file is bot-owned, but people do edit it by hand in emergencies;
// when they break it, the message must point at the exact line and column and say what is
// expected there, because the clock stops until the file parses again.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type Range, type Scalar, type YAMLMap } from "yaml";
import type * as z from "zod/mini";
import type { RolloutState } from "../model.js";
import { fail, ok, type Problem, type Result } from "../result.js";
import { aliasProblem, NUL_MESSAGE, nulOffset, yamlErrors, yamlText } from "../yaml-source.js";
import { fastYamlData, type ParseOptions } from "../yaml-fast.js";
import { ALLOWED_KEYS, fromStateFile, stateFileSchema } from "./state-schema.js";

export function parseState(written: string, file: string, options: ParseOptions = {}): Result<RolloutState> {
  // A valid state file is read the fast way; any problem is reported from the position-keeping reading.
  const fast = options.fast === false ? null : fastYamlData(written);
  if (fast !== null) {
    const parsed = stateFileSchema.safeParse(fast.data);
    if (parsed.success) return ok(fromStateFile(parsed.data));
  }
  const text = yamlText(written);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number, message: string): Problem => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col, message };
  };

  const nul = nulOffset(text);
  if (nul !== null) return fail([at(nul, NUL_MESSAGE)]);
  if (doc.errors.length > 0) {
    return fail(yamlErrors(doc).map((e) => at(e.offset, `invalid YAML: ${e.message}`)));
  }
  if (!isMap(doc.contents)) {
    const offset = doc.contents?.range?.[0] ?? 0;
    return fail([at(offset, "a state file is a mapping with rollout, stage, percent, status, entered, approvals and history")]);
  }
  const alias = aliasProblem(doc);
  if (alias !== null) return fail([at(alias.offset, alias.message)]);

  // aliasProblem has bounded what aliases add, so the library's own (stricter) count is off.
  const parsed = stateFileSchema.safeParse(doc.toJS({ maxAliasCount: -1 }));
  if (parsed.success) return ok(fromStateFile(parsed.data));
  const problems = parsed.error.issues.flatMap((issue) => locate(doc, issue).map(({ offset, message }) => at(offset, message)));
  return fail(problems.sort((a, b) => a.line - b.line || a.col - b.col));
}

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

function locate(doc: Document, issue: Issue): Array<{ offset: number; message: string }> {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") {
    const map = nodeAt(doc, path) as YAMLMap;
    const allowed = allowedKeys(path).join(", ");
    return issue.keys.map((key) => ({
      offset: keyOffset(map, key),
      message: `${prefix(path)}unknown key "${key}" (allowed: ${allowed})`,
    }));
  }
  const node = nodeAt(doc, path);
  const value: unknown = isScalar(node) ? node.value : isSeq(node) ? [] : isMap(node) ? {} : undefined;
  if (node === undefined && path.length > 0) {
    // A missing key: point at the mapping that lacks it.
    const parent = path.slice(0, -1);
    return [{ offset: nodeOffset(doc, parent), message: `${prefix(parent)}missing key "${String(path[path.length - 1])}"` }];
  }
  return [{ offset: nodeOffset(doc, path), message: `${prefix(path)}${describeIssue(issue, value)}` }];
}

function describeIssue(issue: Issue, value: unknown): string {
  const got = describeValue(value);
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected === "int" ? "a whole number" : issue.expected}, got ${got}`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}, got ${got}`;
    case "too_small":
      return issue.origin === "string" ? "must not be empty" : `must be at least ${String(issue.minimum)}, got ${got}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}, got ${got}`;
    default:
      // Refinements: "expected …" ones (times) quote the value; the others explain themselves.
      return issue.message.startsWith("expected") ? `${issue.message}, got ${got}` : issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

function prefix(path: Path): string {
  let out = "";
  for (const segment of path) out += typeof segment === "number" ? `[${segment}]` : out === "" ? String(segment) : `.${String(segment)}`;
  return out === "" ? "" : `${out}: `;
}

/** Mappings sit only at the top and in the three lists, so those are the only places for a key. */
function allowedKeys(path: Path): readonly string[] {
  return path.length === 0 ? ALLOWED_KEYS.state : ALLOWED_KEYS[String(path[0]) as "approvals" | "history" | "open-alerts"];
}

function nodeAt(doc: Document, path: Path): Node | undefined {
  return path.length === 0 ? (doc.contents as Node) : (doc.getIn(path as unknown[], true) as Node | undefined);
}

// A problem may name a path the data lacks (a refinement about a missing key): point at the
// nearest mapping or list that does exist, since that is where the fix goes. The document root
// is a mapping here (checked before), and every node yaml parses carries its range.
function nodeOffset(doc: Document, path: Path): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = nodeAt(doc, path.slice(0, depth));
    if (node?.range) return node.range[0];
  }
  return ((doc.contents as Node).range as Range)[0];
}

function keyOffset(map: YAMLMap, key: string): number {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Scalar>;
  return (pair.key.range as Range)[0];
}
