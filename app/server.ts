// The App as an HTTP server: Probot's webhook middleware (signature check, routing to the
// handlers) on a plain node:http server, with what a host needs around it — `/healthz` (alive),
// `/readyz` (can authenticate as the App), `/metrics` (Prometheus), a log line per delivery and
// a graceful close. The sandbox and the server-level tests start it in-process; `npm run app`
// starts it from the environment (app/main.ts).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, type ApplicationFunction, type Probot } from "probot";
import { Registry } from "prom-client";
import { trackDeliveries } from "./observability/deliveries.js";
import { createAppMetrics, type AppMetrics } from "./observability/metrics.js";

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
  /** Throws when the App cannot work; default: authenticate as the App (`GET /app`). */
  ready?: () => Promise<void>;
}

export interface AppServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The URL GitHub must deliver webhooks to. */
  webhookUrl: string;
  metrics: AppMetrics;
  /** Webhook deliveries received and not finished yet. */
  readonly inFlight: number;
  /**
   * Stops accepting connections, lets the deliveries in flight finish (for at most `graceMs`,
   * default 8 s, which keeps a SIGTERM's exit within 10 s), then closes every connection.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export const DEFAULT_WEBHOOKS_PATH = "/api/github/webhooks";

/** A successful readiness check is trusted this long: probes come every few seconds. */
const READY_FOR_MS = 30_000;

function appAuthentication(probot: Probot): () => Promise<void> {
  return async () => {
    const octokit = await probot.auth();
    await octokit.request("GET /app");
  };
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const webhooksPath = options.webhooksPath ?? DEFAULT_WEBHOOKS_PATH;
  const metrics = options.metrics ?? createAppMetrics(new Registry());
  const middleware = await createNodeMiddleware(options.app, { probot: options.probot, webhooksPath });
  const deliveries = trackDeliveries(options.probot, metrics);
  const check = options.ready ?? appAuthentication(options.probot);
  let readyUntil = 0;
  let draining = false;

  async function readiness(): Promise<{ status: number; text: string }> {
    if (draining) return { status: 503, text: "shutting down\n" };
    if (performance.now() < readyUntil) return { status: 200, text: "ready\n" };
    try {
      await check();
      readyUntil = performance.now() + READY_FOR_MS;
      return { status: 200, text: "ready\n" };
    } catch (error) {
      const status = (error as { status?: number }).status;
      return { status: 503, text: `not ready: cannot authenticate as the App${status ? ` (GitHub answered ${status})` : ""}: ${error instanceof Error ? error.message : String(error)}\n` };
    }
  }

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method === "GET" && path === "/readyz") {
      void readiness().then(({ status, text }) => res.writeHead(status, { "content-type": "text/plain" }).end(text));
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      void metrics.registry.metrics().then((text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text));
      return;
    }
    void middleware(req, res, () => {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    });
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
    metrics,
    get inFlight() {
      return deliveries.inFlight;
    },
    close: async ({ graceMs = 8_000 } = {}) => {
      draining = true;
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      });
      await Promise.race([deliveries.idle(), deadline]);
      // The finished deliveries' answers are still being written: close each kept-alive
      // connection once it is idle, and cut whatever is left at the deadline.
      const sweep = setInterval(() => server.closeIdleConnections(), 20);
      await Promise.race([closed, deadline]);
      clearInterval(sweep);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}
