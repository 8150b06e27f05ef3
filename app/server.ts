// The App as an HTTP server on a plain node:http server: the webhook endpoint acknowledges each
// delivery once it is verified and queued (app/acknowledge.ts), and the queue runs the handlers
// (app/queue/). Without REDIS_URL the queue lives in this process; with it, every replica shares
// one queue on Redis. The sandbox and the server-level tests start it in-process; `npm run app`
// starts it from the environment (app/main.ts).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApplicationFunction, Probot } from "probot";
import { Registry } from "prom-client";
import { acknowledgeHandler } from "./acknowledge.js";
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
  /** REDIS_URL, STAGEGATE_QUEUE_*; default: none of them (the in-process queue). */
  env?: NodeJS.ProcessEnv;
  /** The pause between tries of a failed delivery (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export interface AppServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The URL GitHub must deliver webhooks to. */
  webhookUrl: string;
  queue: WorkQueue;
  /** Where /metrics reads from. */
  registry: Registry;
  /** Resolves once every acknowledged delivery has been worked. */
  idle(): Promise<void>;
  /** Stops taking deliveries, finishes the ones in flight, and stops. */
  close(): Promise<void>;
}

export const DEFAULT_WEBHOOKS_PATH = "/api/github/webhooks";

const trimSlashes = (path: string): string => path.replace(/\/+$/, "") || "/";

/** `GET /metrics` in Prometheus' text format, from the server's own registry. */
export async function serveMetrics(registry: Registry, res: import("node:http").ServerResponse): Promise<void> {
  const text = await registry.metrics();
  res.writeHead(200, { "content-type": registry.contentType }).end(text);
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const env = options.env ?? {};
  const webhooksPath = options.webhooksPath ?? DEFAULT_WEBHOOKS_PATH;
  const { probot } = options;
  await probot.load(options.app, {
    cwd: process.cwd(),
    addHandler: () => {
      throw new Error("stagegate serves no routes of an app's own");
    },
  });
  await probot.ready();
  const log: QueueLog = probot.log;

  const registry = new Registry();
  let queue: WorkQueue | null = null;
  const metrics = createQueueMetrics(registry, async () => (queue === null ? 0 : (await queue.failed()).length));
  const runDelivery = (delivery: { id: string; name: string; payload: Record<string, unknown> }) =>
    probot.receive({ id: delivery.id, name: delivery.name, payload: delivery.payload } as Parameters<Probot["receive"]>[0]);
  const retry = retryPolicyFrom(env);
  queue = env.REDIS_URL
    ? await createRedisQueue({ url: env.REDIS_URL, process: runDelivery, retry, metrics, log, ...redisQueueSettingsFrom(env) })
    : createMemoryQueue({ process: runDelivery, retry, metrics, log, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const work = queue;

  const acknowledge = acknowledgeHandler({ probot, queue: work, metrics, log });
  const server: Server = createServer((req, res) => {
    const path = trimSlashes(new URL(req.url ?? "/", "http://localhost").pathname);
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      void serveMetrics(registry, res).catch(() => res.writeHead(500).end());
      return;
    }
    if (req.method === "POST" && path === trimSlashes(webhooksPath)) {
      void acknowledge(req, res).catch((error: unknown) => {
        log.error({ reason: error instanceof Error ? error.message : String(error) }, "webhook endpoint failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("error\n");
      });
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  return {
    url,
    webhookUrl: `${url}${webhooksPath}`,
    queue: work,
    registry,
    idle: () => work.idle(),
    close: async () => {
      // No new deliveries first (GitHub's are refused and redelivered later), then drain.
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      await work.close();
    },
  };
}
