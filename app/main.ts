// `npm run app` (the built App, build/app.js) and `tsx app/main.ts`: the stagegate App as a
// long-running server, configured by the environment (app/start.ts; docs/app.md lists the
// variables). This file is the process around it: a refused start exits 1 with its reason, and
// SIGTERM or SIGINT stop the App gracefully.
import { startFromEnvironment } from "./start.js";

/** Exit by then whatever happens: orchestrators kill 10 s (Docker) to 30 s (Kubernetes) after SIGTERM. */
const EXIT_WITHIN_MS = 9_500;

const started = await startFromEnvironment({ env: process.env }).catch((error: unknown) => {
  if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace") console.error(error);
  return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
});
if (!started.ok) {
  console.error(`stagegate: ${started.message}`);
  process.exit(1);
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), EXIT_WITHIN_MS).unref();
  void started.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
