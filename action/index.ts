// Entry of the bundled Action (dist/index.js): run once, and turn anything unexpected into a
// failed step with a message instead of an unhandled rejection.
import * as core from "@actions/core";
import { useProxyFromEnvironment } from "./proxy.js";
import { run } from "./main.js";

try {
  useProxyFromEnvironment(process.env);
  await run();
} catch (error) {
  core.setFailed(`stagegate failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
