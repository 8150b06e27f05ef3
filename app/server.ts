// The App as an HTTP server: Probot's webhook middleware (signature check, routing to the
// handlers) on a plain node:http server. The sandbox and the server-level tests start it
// in-process; `npm run app` starts it from the environment (app/main.ts).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, type ApplicationFunction, type Probot } from "probot";

export interface AppServerOptions {
  probot: Probot;
  app: ApplicationFunction;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Default `/api/github/webhooks`, Probot's. */
  webhooksPath?: string;
}

export interface AppServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The URL GitHub must deliver webhooks to. */
  webhookUrl: string;
  close(): Promise<void>;
}

export const DEFAULT_WEBHOOKS_PATH = "/api/github/webhooks";

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const webhooksPath = options.webhooksPath ?? DEFAULT_WEBHOOKS_PATH;
  const middleware = await createNodeMiddleware(options.app, { probot: options.probot, webhooksPath });
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
