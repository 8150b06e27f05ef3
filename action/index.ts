// Entry of the bundled Action (dist/index.js): run once, and turn anything unexpected into a
// failed step with a message instead of an unhandled rejection.
import * as core from "@actions/core";
import { explainError } from "./explain-error.js";
import { run } from "./main.js";

try {
  await run();
} catch (error) {
  core.setFailed(`stagegate: ${explainError(error)}`);
}
