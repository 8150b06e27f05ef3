// What the CLI needs from the world, as one small interface: the bin wires the real process and
// disk, tests pass an in-memory one and call `main` in-process.

export type ReadResult = { text: string } | { error: string };

export interface CliIo {
  /** Writes text to standard output as given (the CLI ends its lines itself). */
  stdout(text: string): void;
  stderr(text: string): void;
  /** Relative paths on the command line are resolved against this directory. */
  cwd: string;
  /** A file's text, or why it cannot be read (`no such file`, …). Paths are absolute. */
  readFile(path: string): Promise<ReadResult>;
  isDirectory(path: string): Promise<boolean>;
}

/** Exit codes: 0 all good, 1 the files have problems, 2 the command line itself is wrong. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
