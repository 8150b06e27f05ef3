// `npm run app` (the built App, build/app.js) and `tsx app/main.ts`: the stagegate App as a
// long-running server, configured by the environment (docs/app.md lists the variables).
//
// `.env` is read first, so the credentials that registration wrote there are found on the
// next start. Without APP_ID and a private key, the registration page starts instead
// (app/setup.ts); in production that is an error, as a host should be given its credentials.
import { resolve } from "node:path";
import { createProbot, ProbotOctokit } from "probot";
import { collectDefaultMetrics, Registry } from "prom-client";
import { readAppConfig } from "./config.js";
import { loadEnvFile } from "./env-file.js";
import stagegate from "./index.js";
import { countApiCalls } from "./observability/api-calls.js";
import { createAppMetrics } from "./observability/metrics.js";
import { startAppServer } from "./server.js";
import { startSetupServer } from "./setup.js";

/** SIGTERM to exit: what orchestrators give before killing (Kubernetes' default is 30 s, Docker's 10 s). */
const EXIT_WITHIN_MS = 9_500;

const envFile = resolve(process.env.ENV_FILE || ".env");
loadEnvFile(envFile);
const env = process.env;
// One JSON object per line (Probot's pino) at info, where each delivery is logged.
env.LOG_FORMAT ||= "json";
env.LOG_LEVEL ||= "info";
const config = readAppConfig(env);

function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), EXIT_WITHIN_MS).unref();
    void stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", handler);
  process.once("SIGINT", handler);
}

if (!config.hasCredentials) {
  if (config.production) {
    console.error("stagegate: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are missing. Register the App first (docs/deploy.md), then give the server its credentials.");
    process.exit(1);
  }
  const setup = await startSetupServer({ config, envFile, log: (message) => console.log(message) });
  onSignals(() => setup.close());
} else {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createAppMetrics(registry);
  const probot = createProbot({ overrides: { baseUrl: config.apiUrl, Octokit: ProbotOctokit.plugin(countApiCalls(metrics)) } });
  // REDIS_URL: the queue shared by every replica (and Probot's throttling, through createProbot).
  const server = await startAppServer({ probot, app: stagegate, port: config.port, host: config.host, webhooksPath: config.webhooksPath, metrics, env });
  probot.log.info({ url: server.url, webhooks: server.webhookUrl, queue: server.queue.mode }, "stagegate listening");
  onSignals(async () => {
    probot.log.info({ inFlight: server.inFlight }, "stopping: finishing the queue's deliveries in flight");
    await server.close({ graceMs: EXIT_WITHIN_MS - 1_500 });
  });
}
