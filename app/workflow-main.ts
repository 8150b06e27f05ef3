// Entry of dist/app-workflow.js: the App handling one workflow event (see app/workflow.ts).
import { runInWorkflow } from "./workflow.js";

try {
  console.log(await runInWorkflow(process.env));
} catch (error) {
  // One annotation with the reason; the stack only in the log below it.
  const first = (error as { errors?: unknown[] }).errors?.[0] ?? error;
  console.log(`::error title=stagegate::${first instanceof Error ? first.message : String(first)}`);
  if (first instanceof Error && first.stack) console.log(first.stack);
  process.exitCode = 1;
}
