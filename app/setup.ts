// Registering the App from its manifest (app.yml), GitHub's manifest flow: the setup page posts
// the manifest to GitHub, where a person confirms the App's name; GitHub redirects back to
// /probot/setup with a code, exchanged (`POST /app-manifests/{code}/conversions`) for the App's id,
// private key and webhook secret, which go to `.env` for the next start.
//
// Probot's own setup page builds the webhook URL from the address the page was opened at,
// without the webhook path, and cannot be told otherwise; this one puts the public URL (or the
// development proxy) and the path in the manifest, and serves /healthz meanwhile.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { Octokit } from "@octokit/core";
import { parse } from "yaml";
import { publicWebhookUrl, type AppConfig } from "./config.js";
import { updateEnvFile } from "./env-file.js";
import { listen } from "./listen.js";

export interface SetupServer {
  url: string;
  close(): Promise<void>;
}

export interface SetupOptions {
  config: AppConfig;
  /** The `.env` file the credentials are written to. */
  envFile: string;
  log: (message: string) => void;
}

/** app.yml, beside app/ (or beside build/ in the built App). */
const MANIFEST = new URL("../app.yml", import.meta.url);

/** The manifest GitHub receives: app.yml plus where to deliver webhooks and where to come back. */
function registrationManifest(config: AppConfig, seenAs: string): Record<string, unknown> {
  const declared = parse(readFileSync(MANIFEST, "utf8")) as Record<string, unknown>;
  const base = (config.publicUrl ?? seenAs).replace(/\/+$/, "");
  return {
    ...declared,
    hook_attributes: { url: publicWebhookUrl(config, seenAs), active: true },
    redirect_url: `${base}/probot/setup`,
  };
}

function seenAs(req: IncomingMessage): string {
  // A proxy's forwarded values, first one first (the proxy nearest the person); this server
  // itself speaks plain HTTP.
  const forwarded = (name: string) => String(req.headers[name] ?? "").replace(/,.*$/s, "").trim() || undefined;
  return `${forwarded("x-forwarded-proto") ?? "http"}://${forwarded("x-forwarded-host") ?? req.headers.host ?? "localhost"}`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(config: AppConfig, manifest: Record<string, unknown>): string {
  const target = `${config.webUrl}${config.org ? `/organizations/${encodeURIComponent(config.org)}` : ""}/settings/apps/new`;
  const hook = String((manifest.hook_attributes as { url: string }).url);
  const local = /^https?:\/\/(localhost|127\.|\[::1\])/.test(hook);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Register stagegate</title></head>
<body>
<h1>Register the stagegate App</h1>
<p>GitHub will deliver webhooks to <code>${escapeHtml(hook)}</code>.${local ? " That address is not reachable from GitHub: set <code>PUBLIC_URL</code> (or <code>WEBHOOK_PROXY_URL</code> for local development) and restart." : ""}</p>
<form action="${escapeHtml(target)}" method="post">
<input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}">
<button type="submit">Register on GitHub</button>
</form>
</body></html>
`;
}

export async function startSetupServer(options: SetupOptions): Promise<SetupServer> {
  const { config, log } = options;
  const github = new Octokit({ baseUrl: config.apiUrl, userAgent: "stagegate-setup" });

  async function exchange(code: string): Promise<string> {
    const { data } = await github.request("POST /app-manifests/{code}/conversions", { code });
    await updateEnvFile(options.envFile, {
      APP_ID: String(data.id),
      PRIVATE_KEY: data.pem,
      WEBHOOK_SECRET: data.webhook_secret ?? "",
      GITHUB_CLIENT_ID: data.client_id,
      GITHUB_CLIENT_SECRET: data.client_secret,
    });
    log(`Registered the App "${data.name}" (id ${data.id}); its credentials are in ${options.envFile}. Restart to run it.`);
    return data.html_url;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://setup");
    if (req.method !== "GET") return void res.writeHead(405, { "content-type": "text/plain" }).end("method not allowed\n");
    switch (url.pathname) {
      case "/healthz":
        return void res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      case "/readyz":
        return void res.writeHead(503, { "content-type": "text/plain" }).end("not ready: the App is not registered yet (open /probot)\n");
      case "/":
        return void res.writeHead(302, { location: "/probot" }).end();
      case "/probot": {
        const manifest = registrationManifest(config, seenAs(req));
        return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(config, manifest));
      }
      case "/probot/setup": {
        const code = url.searchParams.get("code");
        if (!code) return void res.writeHead(400, { "content-type": "text/plain" }).end("code missing\n");
        void exchange(code).then(
          (htmlUrl) => res.writeHead(302, { location: `${htmlUrl}/installations/new` }).end(),
          (error: unknown) => {
            const { message } = error as Error;
            log(`The App could not be registered: ${message}`);
            // Octokit says 500 when GitHub never answered; only an answer's status is GitHub's.
            const status = (error as { response?: { status: number } }).response?.status;
            const text =
              status === undefined
                ? `GitHub could not be reached at ${config.apiUrl} (${message}): check GITHUB_API_URL (or GHE_HOST), restart, and register again from /probot.`
                : `GitHub did not convert the code (${status}): it expires after an hour and works once. Register again from /probot.`;
            res.writeHead(502, { "content-type": "text/plain" }).end(`${text}\n`);
          },
        );
        return;
      }
      default:
        return void res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  });
  const url = await listen(server, config.port, config.host);
  log(`stagegate is not registered yet: open ${url}/probot to register it on GitHub.`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
