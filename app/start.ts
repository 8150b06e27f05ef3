// Starting the App from its environment, as `npm run app` does (app/main.ts hands it the
// process): docs/app.md and docs/deploy.md list the variables.
//
// `.env` is read first, so the credentials that registration wrote there are found on the next
// start. Without APP_ID and a private key, the registration page starts instead (app/setup.ts);
// in production that is an error, as a host should be given its credentials. A start that an
// administrator can fix (no credentials, a key that cannot be read, a PORT that is not a port) is
// refused with a sentence saying what to change; an address in use throws one (app/listen.ts).
import { resolve } from "node:path";
import { getPrivateKey } from "@probot/get-private-key";
import { createProbot, ProbotOctokit, type Logger } from "probot";
import { collectDefaultMetrics, Registry } from "prom-client";
import { readAppConfig } from "./config.js";
import { createStagegateApp } from "./index.js";
import { metricsFromEnvironment } from "./deps.js";
import { loadEnvFile } from "./env-file.js";
import { countApiCalls } from "./observability/api-calls.js";
import { createAppMetrics } from "./observability/metrics.js";
import { startAppServer } from "./server.js";
import { startSetupServer } from "./setup.js";

/**
 * A SIGTERM's exit comes within EXIT_WITHIN_MS whatever happens: orchestrators kill 10 s (Docker)
 * to 30 s (Kubernetes) after it. Deliveries in flight get GRACE_MS of that to finish.
 */
const EXIT_WITHIN_MS = 9_500;
const GRACE_MS = 8_000;

export interface StartOptions {
  /** The environment; `.env`'s variables are added where unset (process.env in `npm run app`). */
  env: NodeJS.ProcessEnv;
  /** The App's log (JSON lines); default: Probot's, on stdout, as LOG_FORMAT and LOG_LEVEL say. */
  log?: Logger;
  /** Lines for the person at the terminal (the setup page's address): stdout in `npm run app`. */
  print: (line: string) => void;
}

interface Started {
  mode: "setup" | "app";
  url: string;
  /** Stops accepting deliveries and lets the ones in flight finish (at most 8 s). */
  stop(): Promise<void>;
}

export type StartOutcome = ({ ok: true } & Started) | { ok: false; message: string };

const refused = (message: string): StartOutcome => ({ ok: false, message });

export async function startFromEnvironment(options: StartOptions): Promise<StartOutcome> {
  const { env } = options;
  const envFile = resolve(env.ENV_FILE || ".env");
  loadEnvFile(envFile, env);
  // One JSON object per line (Probot's pino) at info, where each delivery is logged.
  env.LOG_FORMAT ||= "json";
  env.LOG_LEVEL ||= "info";
  const config = readAppConfig(env);
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65_535) return refused(`PORT=${env.PORT} is not a port number: set it to one from 1 to 65535, or 0 for any free port (unset, it is 3000).`);

  if (!config.hasCredentials) {
    if (config.production) return refused("APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are missing. Register the App first (docs/deploy.md), then give the server its credentials.");
    const setup = await startSetupServer({ config, envFile, log: options.print });
    return { ok: true, mode: "setup", url: setup.url, stop: () => setup.close() };
  }

  let privateKey: string;
  try {
    // Never null here: hasCredentials means PRIVATE_KEY or PRIVATE_KEY_PATH is set, and either
    // yields a key or throws.
    privateKey = getPrivateKey({ env }) as string;
  } catch (error) {
    // The library's own sentence names the variable and what is wrong with it.
    return refused(`the App's private key cannot be read: ${(error as Error).message.replace(/^\[@probot\/get-private-key\] /, "")}`);
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createAppMetrics(registry);
  const probot = createProbot({
    env,
    // Without a log of its own, Probot makes one from LOG_FORMAT and LOG_LEVEL.
    overrides: { baseUrl: config.apiUrl, privateKey, Octokit: ProbotOctokit.plugin(countApiCalls(metrics)), log: options.log },
  });
  const app = createStagegateApp({ metrics: metricsFromEnvironment(env) });
  // REDIS_URL: the queue shared by every replica (and Probot's throttling, through createProbot).
  const server = await startAppServer({ probot, app, port: config.port, host: config.host, webhooksPath: config.webhooksPath, metrics, env });
  probot.log.info({ url: server.url, webhooks: server.webhookUrl, queue: server.queue.mode }, "stagegate listening");
  return {
    ok: true,
    mode: "app",
    url: server.url,
    stop: async () => {
      probot.log.info({ inFlight: server.inFlight }, "stopping: finishing the queue's deliveries in flight");
      await server.close({ graceMs: GRACE_MS });
    },
  };
}

export interface AppProcess extends StartOptions {
  /** Where SIGTERM and SIGINT arrive. */
  signals: Pick<NodeJS.Process, "once">;
  exit(code: number): void;
  /** A line for stderr. */
  error(line: string): void;
}

/**
 * `npm run app`: starts, or exits 1 with the reason a start was refused (its stack too when
 * LOG_LEVEL is debug); then the first SIGTERM or SIGINT stops the App gracefully and exits 0.
 */
export async function runApp(host: AppProcess): Promise<void> {
  const started = await startFromEnvironment(host).catch((error: unknown) => {
    if (host.env.LOG_LEVEL === "debug") host.error(String((error as Error).stack));
    return refused((error as Error).message);
  });
  if (!started.ok) {
    host.error(`stagegate: ${started.message}`);
    return host.exit(1);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => host.exit(1), EXIT_WITHIN_MS).unref();
    void started.stop().then(
      () => host.exit(0),
      () => host.exit(1),
    );
  };
  host.signals.once("SIGTERM", stop);
  host.signals.once("SIGINT", stop);
}
