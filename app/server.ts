// The App as an HTTP server on a plain node:http server, with what a host needs around it:
// - the webhook endpoint acknowledges each delivery once it is verified and queued
//   (app/acknowledge.ts), and the queue runs the handlers (app/queue/). Without REDIS_URL the
//   queue lives in this process; with it, every replica shares one queue on Redis;
// - `/healthz` (alive), `/readyz` (can authenticate as the App), `/metrics` (Prometheus: the
//   App's metrics and the queue's, on one registry per server), a log line per delivery, and a
//   graceful close that drains the queue's work in flight.
// The sandbox and the server-level tests start it in-process; `npm run app` starts it from the
// environment (app/main.ts).
import { createServer, type Server } from "node:http";
import type { ApplicationFunction, Probot } from "probot";
import { Registry } from "prom-client";
import { acknowledgeHandler } from "./acknowledge.js";
import { acknowledgementsFirst, type AcknowledgementsFirstOptions } from "./queue/acknowledgements-first.js";
import { listen } from "./listen.js";
import { trackDeliveries } from "./observability/deliveries.js";
import { createAppMetrics, type AppMetrics } from "./observability/metrics.js";
import { createMemoryQueue } from "./queue/memory-queue.js";
import { createQueueMetrics } from "./queue/metrics.js";
import { createRedisQueue, redisQueueSettingsFrom } from "./queue/redis-queue.js";
import { retryPolicyFrom, type QueueLog, type WorkQueue } from "./queue/work-queue.js";

export interface AppServerOptions {
  probot: Probot;
  app: ApplicationFunction;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Default `/api/github/webhooks`, Probot's. */
  webhooksPath?: string;
  /** This server's metrics; default: a fresh registry of its own. */
  metrics?: AppMetrics;
  /** REDIS_URL, STAGEGATE_QUEUE_*; default: none of them (the in-process queue). */
  env?: NodeJS.ProcessEnv;
  /** The pause between tries of a failed delivery (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  /** How long work yields to deliveries being received (app/queue/acknowledgements-first.ts). */
  acknowledgementsFirst?: AcknowledgementsFirstOptions;
}

export interface AppServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The URL GitHub must deliver webhooks to. */
  webhookUrl: string;
  metrics: AppMetrics;
  queue: WorkQueue;
  /** Deliveries being worked by this server right now. */
  readonly inFlight: number;
  /** Resolves once every acknowledged delivery has been worked. */
  idle(): Promise<void>;
  /**
   * Stops accepting connections, lets the queue's work in flight finish (for at most `graceMs`,
   * default 8 s, which keeps a SIGTERM's exit within 10 s), then closes every connection.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export const DEFAULT_WEBHOOKS_PATH = "/api/github/webhooks";

/** A successful readiness check is trusted this long: probes come every few seconds. */
const READY_FOR_MS = 30_000;

const trimSlashes = (path: string): string => path.replace(/\/+$/, "") || "/";

function appAuthentication(probot: Probot): () => Promise<void> {
  return async () => {
    const octokit = await probot.auth();
    await octokit.request("GET /app");
  };
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const env = options.env ?? {};
  const webhooksPath = options.webhooksPath ?? DEFAULT_WEBHOOKS_PATH;
  const { probot } = options;
  const metrics = options.metrics ?? createAppMetrics(new Registry());
  await probot.load(options.app, {
    cwd: process.cwd(),
    addHandler: () => {
      throw new Error("stagegate serves no routes of an app's own");
    },
  });
  await probot.ready();
  const log: QueueLog = probot.log;
  const deliveries = trackDeliveries(probot, metrics);
  const check = appAuthentication(probot);
  let readyUntil = 0;
  let draining = false;

  // The failed-set gauge is collected on GET /metrics, once `work` below exists.
  const queueMetrics = createQueueMetrics(metrics.registry, async () => (await work.failed()).length);
  const runDelivery = (delivery: { id: string; name: string; payload: Record<string, unknown> }) =>
    probot.receive({ id: delivery.id, name: delivery.name, payload: delivery.payload } as Parameters<Probot["receive"]>[0]);
  const retry = retryPolicyFrom(env);
  const first = acknowledgementsFirst(options.acknowledgementsFirst);
  const beforeWork = first.quiet;
  const work: WorkQueue = env.REDIS_URL
    ? await createRedisQueue({ url: env.REDIS_URL, process: runDelivery, retry, metrics: queueMetrics, log, beforeWork, ...redisQueueSettingsFrom(env) })
    : createMemoryQueue({ process: runDelivery, retry, metrics: queueMetrics, log, beforeWork, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const acknowledge = acknowledgeHandler({ probot, queue: work, metrics: queueMetrics, appMetrics: metrics, log });

  async function readiness(): Promise<{ status: number; text: string }> {
    if (draining) return { status: 503, text: "shutting down\n" };
    if (performance.now() < readyUntil) return { status: 200, text: "ready\n" };
    try {
      await check();
      readyUntil = performance.now() + READY_FOR_MS;
      return { status: 200, text: "ready\n" };
    } catch (error) {
      // Octokit says 500 when GitHub never answered; only an answer's status is GitHub's.
      const status = (error as { response?: { status: number } }).response?.status;
      return { status: 503, text: `not ready: cannot authenticate as the App${status ? ` (GitHub answered ${status})` : ""}: ${(error as Error).message}\n` };
    }
  }

  const server: Server = createServer((req, res) => {
    // A server's requests always have a URL (only a client's responses lack one).
    const path = trimSlashes((req.url as string).replace(/\?.*$/s, ""));
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method === "GET" && path === "/readyz") {
      void readiness().then(({ status, text }) => res.writeHead(status, { "content-type": "text/plain" }).end(text));
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      void metrics.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (req.method === "POST" && path === trimSlashes(webhooksPath)) {
      const received = first.receiving();
      void acknowledge(req, res).then(received, (error: unknown) => {
        // The delivery's connection broke before its body was read (GitHub gave up, a proxy cut it).
        log.error({ reason: (error as Error).message }, "webhook endpoint failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("error\n");
        received(false);
      });
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  const url = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  return {
    url,
    webhookUrl: `${url}${webhooksPath}`,
    metrics,
    queue: work,
    get inFlight() {
      return deliveries.inFlight;
    },
    idle: () => work.idle(),
    close: async ({ graceMs = 8_000 } = {}) => {
      // No new deliveries first (GitHub's are refused and can be redelivered), then drain.
      draining = true;
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      });
      await Promise.race([work.close(), deadline]);
      // The last answers are still being written: close each kept-alive connection once it is
      // idle, and cut whatever is left at the deadline.
      const sweep = setInterval(() => server.closeIdleConnections(), 20);
      await Promise.race([closed, deadline]);
      clearInterval(sweep);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}
