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

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}
