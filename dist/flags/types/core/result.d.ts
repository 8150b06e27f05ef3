/** A problem located in a file: printed as `path:line:col: message`. Lines and columns start at 1. */
export interface Problem {
    file: string;
    line: number;
    col: number;
    message: string;
}
export type Result<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    problems: Problem[];
};
export declare const ok: <T>(value: T) => Result<T>;
export declare const fail: <T = never>(problems: Problem[]) => Result<T>;
/** One line, whatever the problem quotes. */
export declare function formatProblem(p: Problem): string;
