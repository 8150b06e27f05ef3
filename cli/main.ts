// The stagegate command line: `main(argv, io)` returns the exit status, so tests run it in-process.
// Only the version is taken from package.json: the bundle (dist/cli.js) inlines the import.
import packageJson from "../package.json" with { type: "json" };
import { EXIT, type CliIo } from "./io.js";
import { simulateCommand } from "./simulate.js";
import { USAGE } from "./usage.js";
import { validateCommand } from "./validate.js";

/** `argv` without the node binary and the script: `["validate", "plan.yml"]`. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "validate":
      return validateCommand(rest, io);
    case "simulate":
      return simulateCommand(rest, io);
    case "--version":
    case "-v":
    case "version":
      io.stdout(`${packageJson.version}\n`);
      return EXIT.ok;
    case "help":
    case "--help":
    case "-h":
      io.stdout(USAGE);
      return EXIT.ok;
    case undefined:
      // A bare `stagegate` is a command line missing its command.
      io.stderr(USAGE);
      return EXIT.usage;
    default:
      io.stderr(`stagegate: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return EXIT.usage;
  }
}
