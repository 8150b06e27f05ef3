// The App's JSON log, kept in memory for a test: a pino logger whose lines can be read back, and
// awaited by their message instead of polled for.
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";

export interface LogLines {
  logger: Logger;
  lines(): Array<Record<string, unknown>>;
  /** Resolves with the first line with this message that `match` accepts, logged already or later. */
  next(msg: string, match?: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

export function logLines(): LogLines {
  const lines: Array<Record<string, unknown>> = [];
  const waiting: Array<{ msg: string; match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = JSON.parse(chunk.toString()) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of [...waiting]) {
        if (waiter.msg === line.msg && waiter.match(line)) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
      done();
    },
  });
  return {
    logger: pino({ level: "info" }, stream),
    lines: () => lines,
    next: (msg, match = () => true) => {
      const seen = lines.find((line) => line.msg === msg && match(line));
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ msg, match, resolve }));
    },
  };
}
