// Where the App listens and which GitHub it talks to, read once from the environment (after
// `.env`, see app/main.ts). docs/app.md and docs/deploy.md list every variable.
import { DEFAULT_WEBHOOKS_PATH } from "./server.js";

export interface AppConfig {
  production: boolean;
  host: string;
  port: number;
  webhooksPath: string;
  /** The REST API base: GITHUB_API_URL, else GitHub Enterprise's `<protocol>://<host>/api/v3`, else api.github.com. */
  apiUrl: string;
  /** GitHub's web address, where Apps are registered. */
  webUrl: string;
  /** Where GitHub reaches this server from outside (`https://stagegate.example.com`), if set. */
  publicUrl: string | null;
  /** A webhook forwarding channel for local development (smee.io), if set. */
  webhookProxyUrl: string | null;
  /** The organization to register the App under (GH_ORG); else the person's own account. */
  org: string | null;
  hasCredentials: boolean;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

export function readAppConfig(env: NodeJS.ProcessEnv): AppConfig {
  const production = env.NODE_ENV === "production";
  const protocol = env.GHE_PROTOCOL || "https";
  const webhooksPath = env.WEBHOOK_PATH || DEFAULT_WEBHOOKS_PATH;
  return {
    production,
    // A container or host must be reachable from its proxy; a laptop need not listen outside.
    host: env.HOST || (production ? "0.0.0.0" : "127.0.0.1"),
    port: Number(env.PORT || 3000),
    webhooksPath,
    apiUrl: trimSlash(env.GITHUB_API_URL || (env.GHE_HOST ? `${protocol}://${env.GHE_HOST}/api/v3` : "https://api.github.com")),
    webUrl: trimSlash(env.GITHUB_SERVER_URL || (env.GHE_HOST ? `${protocol}://${env.GHE_HOST}` : "https://github.com")),
    publicUrl: env.PUBLIC_URL ? trimSlash(env.PUBLIC_URL) : null,
    webhookProxyUrl: env.WEBHOOK_PROXY_URL || null,
    org: env.GH_ORG || null,
    hasCredentials: Boolean(env.APP_ID) && Boolean(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH),
  };
}

/** The URL GitHub delivers webhooks to: the proxy channel, else the public URL with the webhook path. */
export function publicWebhookUrl(config: AppConfig, seenAs: string): string {
  return config.webhookProxyUrl ?? `${config.publicUrl ?? trimSlash(seenAs)}${config.webhooksPath}`;
}
