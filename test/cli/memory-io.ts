// An in-memory world for the CLI: files by absolute path, output collected as text.
import { dirname } from "node:path";
import type { CliIo } from "../../cli/io.js";

export interface MemoryIo extends CliIo {
  out: string;
  err: string;
}

export function memoryIo(files: Record<string, string>, cwd = "/work/repo"): MemoryIo {
  const dirs = new Set<string>();
  for (const path of Object.keys(files)) {
    for (let d = dirname(path); !dirs.has(d) && d !== dirname(d); d = dirname(d)) dirs.add(d);
  }
  const io: MemoryIo = {
    out: "",
    err: "",
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
    cwd,
    readFile: async (path) => (path in files ? { text: files[path]! } : dirs.has(path) ? { error: "is a directory" } : { error: "no such file" }),
    isDirectory: async (path) => dirs.has(path),
  };
  return io;
}
