// The real world for the CLI: the process's streams and working directory, and the disk.
import { readFile, stat } from "node:fs/promises";
import type { CliIo } from "./io.js";

export function nodeIo(cwd: string = process.cwd()): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd,
    readFile: async (path) => {
      try {
        return { text: await readFile(path, "utf8") };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { error: code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (error as Error).message };
      }
    },
    isDirectory: (path) => stat(path).then((s) => s.isDirectory(), () => false),
  };
}
