// Reading the corpus: each folder holds input files and an expected.json that says, per file,
// what a parser must make of it. Files are read as bytes decoded as UTF-8, as the CLI and
// GitHub's contents API deliver them, so BOMs, CR line endings and NUL bytes reach the parsers.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { main } from "../../cli/main.js";
import type { Problem } from "../../core/result.js";
import { memoryIo } from "../cli/memory-io.js";

const ROOT = fileURLToPath(new URL(".", import.meta.url));

export interface CorpusFile {
  name: string;
  text: string;
}

/** The input files of a corpus folder (everything but expected.json), by name. */
export function corpusFiles(folder: string): CorpusFile[] {
  return readdirSync(`${ROOT}${folder}`)
    .filter((name) => name !== "expected.json")
    .sort()
    .map((name) => ({ name, text: readFileSync(`${ROOT}${folder}/${name}`, "utf8") }));
}

export function expectations<T>(folder: string): Record<string, T> {
  return JSON.parse(readFileSync(`${ROOT}${folder}/expected.json`, "utf8")) as Record<string, T>;
}

/**
 * Each input with its expectation. Fails when a file has no expectation or an expectation no file,
 * so the corpus and its table cannot drift apart.
 */
export function corpus<T>(folder: string): Array<CorpusFile & { expected: T }> {
  const files = corpusFiles(folder);
  const table = expectations<T>(folder);
  expect(Object.keys(table).sort(), `${folder}/expected.json lists exactly the files in ${folder}/`).toEqual(files.map((f) => f.name));
  return files.map((file) => ({ ...file, expected: table[file.name] as T }));
}

/** One expected problem: `at` is `line:col` (`line:*` when the column depends on the machine). */
export interface ExpectedProblem {
  at: string;
  /** A fragment of `Problem.message`. */
  message: string;
  /** A fragment of the printed line when it differs from `message` (invisible characters shown as escapes). */
  printed?: string;
}

export interface InvalidInput {
  why: string;
  problems: ExpectedProblem[];
  /** The yaml library adds follow-on errors after the first ones; only the first are pinned. */
  more?: boolean;
}

function matchesAt(problem: Problem, at: string): boolean {
  const [line, col] = at.split(":");
  return String(problem.line) === line && (col === "*" || String(problem.col) === col);
}

/** The problems are the expected ones, in order, each at its place and saying what it should. */
export function expectProblems(problems: Problem[], expected: InvalidInput, file: string): void {
  if (expected.more === true) expect(problems.length).toBeGreaterThanOrEqual(expected.problems.length);
  else expect(problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toHaveLength(expected.problems.length);
  expected.problems.forEach((want, i) => {
    const got = problems[i] as Problem;
    expect(got.file).toBe(file);
    expect(matchesAt(got, want.at), `problem ${i} is at ${got.line}:${got.col}, expected ${want.at}`).toBe(true);
    expect(got.message).toContain(want.message);
  });
}

/** `path:line:col: message`: a path without colons, then numbers, then text. */
const PROBLEM_LINE = /^(?<path>[^:\n]+):(?<line>\d+):(?<col>\d+): (?<message>\S.*)$/;

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `stagegate validate <path>` in an in-memory repository holding `files` (absolute paths under /repo). */
export async function validate(path: string, files: Record<string, string>): Promise<CliRun> {
  const io = memoryIo(files, "/repo");
  const code = await main(["validate", path], io);
  return { code, out: io.out, err: io.err };
}

/**
 * The CLI's verdict on an invalid file: exit 1, nothing on stdout, and stderr made only of
 * `path:line:col: message` lines, the expected ones among them in order.
 */
export function expectCliProblems(run: CliRun, path: string, expected: InvalidInput): void {
  expect(run.code).toBe(1);
  expect(run.out).toBe("");
  const lines = run.err.split("\n");
  expect(lines.pop()).toBe("");
  for (const line of lines) expect(line, "every stderr line is one problem").toMatch(PROBLEM_LINE);
  if (expected.more !== true) expect(lines).toHaveLength(expected.problems.length);
  expected.problems.forEach((want, i) => {
    const { groups } = PROBLEM_LINE.exec(lines[i] as string) as RegExpExecArray & { groups: Record<string, string> };
    expect(groups.path).toBe(path);
    expect(matchesAt({ file: path, line: Number(groups.line), col: Number(groups.col), message: "" }, want.at), lines[i]).toBe(true);
    expect(groups.message).toContain(want.printed ?? want.message);
  });
}
