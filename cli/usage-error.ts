import { EXIT, type CliIo } from "./io.js";

/** A wrong command line: say what is wrong, point at the help, exit 2. */
export function usageError(io: CliIo, message: string): number {
  io.stderr(`stagegate: ${message}\nRun "stagegate help" for usage.\n`);
  return EXIT.usage;
}
