import { Document } from "yaml";
import { type Problem, type Result } from "./result.js";
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
export declare function formatPath(path: Path): string;
/**
 * Parses YAML text. Syntax errors come back as problems on their own: a document that did not
 * parse has no reliable structure to check further. An empty document is a problem too,
 * `emptyMessage` saying what the file should hold.
 */
export declare function loadYaml(written: string, file: string, emptyMessage: string): Result<YamlSource>;
/**
 * The text as YAML 1.2 reads it. A byte order mark is dropped: editors do not count it as a
 * column, so keeping it would put every position on line 1 one column off. A lone CR is a line
 * break in YAML 1.2 (files saved with classic Mac line endings), but the yaml library reads the
 * whole file as one line then; as LF, lines and columns match what an editor shows.
 */
export declare function yamlText(text: string): string;
/** No YAML text holds a NUL; a file full of them was saved as UTF-16 (PowerShell's default). */
export declare const NUL_MESSAGE = "the file contains a NUL character (U+0000), so it is not UTF-8 text: if it was saved as UTF-16, save it again as UTF-8";
export declare function nulOffset(text: string): number | null;
/**
 * The document's syntax errors, worded for people. Input nested thousands of levels deep runs
 * the yaml library out of stack, which it reports as an error in its own terms (once per
 * recursion that broke): say once what is wrong with the file instead.
 */
export declare function yamlErrors(doc: Document): Array<{
    offset: number;
    message: string;
}>;
/**
 * An alias the data cannot be built from: one with no anchor before it, one inside the value its
 * anchor names, or one that makes the aliases expand beyond MAX_ALIAS_EXPANSION values (a
 * "billion laughs": each anchor aliasing the previous one nine times). The yaml library throws
 * on these instead of reporting them; checked here, in document order (the order in which YAML
 * resolves aliases), without expanding anything.
 */
export declare function aliasProblem(doc: Document): {
    offset: number;
    message: string;
} | null;
/**
 * A source for data that never was text here (Probot's `context.config` hands over an object
 * with `_extends` already merged): problems name the field but point at 1:1.
 */
export declare function objectSource(data: unknown, file: string): YamlSource;
/** Problems in reading order, each reported once. */
export declare function sortProblems(problems: Problem[]): Problem[];
