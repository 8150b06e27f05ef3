// Expected failures are values, not exceptions: every parser and decision returns one of these,
// and the entry points (CLI, App handlers, the Action) turn problems into messages people act on.

/** A problem located in a file: printed as `path:line:col: message`. Lines and columns start at 1. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(problems: Problem[]): Result<T> => ({ ok: false, problems });

// Messages quote what people wrote, and file names come from the repository. A line break or a
// terminal escape in either must not print a forged `path:line:col:` line, recolour a terminal,
// or break out of the code span the App quotes a problem in; and an invisible character (a zero
// width space in "qu\u200Binn", a bidi override, a lone surrogate) must be seen to be fixed. All
// of them show as escapes.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One line, whatever the problem quotes. */
export function formatProblem(p: Problem): string {
  return `${printable(p.file)}:${p.line}:${p.col}: ${printable(p.message)}`;
}
