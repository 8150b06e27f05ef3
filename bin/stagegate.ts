// The `stagegate` command: `npm run stagegate -- <args>` in a checkout, `npx stagegate` once
// bundled to dist/cli.js. All logic lives in cli/; this file only connects it to the process,
// so it bundles as is and resolves every path against the working directory.
import { main } from "../cli/main.js";
import { nodeIo } from "../cli/node-io.js";

process.exitCode = await main(process.argv.slice(2), nodeIo());
