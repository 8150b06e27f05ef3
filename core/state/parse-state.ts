// Reads a state file. The file is bot-owned, but people do edit it by hand in emergencies;
// when they break it, the message must point at the exact line and column and say what is
// expected there, because the clock stops until the file parses again.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import type { RolloutState } from "../model.js";
import { fail, ok, type Problem, type Result } from "../result.js";
import { ALLOWED_KEYS, fromStateFile, stateFileSchema } from "./state-schema.js";

export function parseState(text: string, file: string): Result<RolloutState> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number, message: string): Problem => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col, message };
  };

  if (doc.errors.length > 0) {
    return fail(doc.errors.map((e) => at(e.pos[0], `invalid YAML: ${firstLine(e.message)}`)));
  }
  if (!isMap(doc.contents)) {
    const offset = doc.contents?.range?.[0] ?? 0;
    return fail([at(offset, "a state file is a mapping with rollout, stage, percent, status, entered, approvals and history")]);
  }

  const parsed = stateFileSchema.safeParse(doc.toJS());
  if (parsed.success) return ok(fromStateFile(parsed.data));
  const problems = parsed.error.issues.flatMap((issue) => locate(doc, issue).map(({ offset, message }) => at(offset, message)));
  return fail(problems.sort((a, b) => a.line - b.line || a.col - b.col));
}

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

function locate(doc: Document, issue: Issue): Array<{ offset: number; message: string }> {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") {
    const map = doc.getIn(path as unknown[], true);
    const allowed = allowedKeys(path).join(", ");
    return issue.keys.map((key) => ({
      offset: keyOffset(map, key) ?? nodeOffset(doc, path),
      message: `${prefix(path)}unknown key "${key}" (allowed: ${allowed})`,
    }));
  }
  const node = doc.getIn(path as unknown[], true) as Node | undefined;
  const value: unknown = isScalar(node) ? node.value : isSeq(node) ? [] : isMap(node) ? {} : undefined;
  if (node === undefined && issue.code === "invalid_type") {
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
    case "custom":
      // Only "expected …" refinements (times) quote the value; the others explain themselves.
      return issue.message.startsWith("expected") ? `${issue.message}, got ${got}` : issue.message;
    default:
      return issue.message;
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

function allowedKeys(path: Path): readonly string[] {
  if (path.length === 0) return ALLOWED_KEYS.state;
  const list = String(path[0]);
  return list === "approvals" || list === "history" || list === "open-alerts" ? ALLOWED_KEYS[list] : [];
}

/** The start of the closest node on the path that exists (the document start at worst). */
function nodeOffset(doc: Document, path: Path): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : (doc.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined);
    if (node?.range) return node.range[0];
  }
  return 0;
}

function keyOffset(map: unknown, key: string): number | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
