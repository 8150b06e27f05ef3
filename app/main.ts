// `npm run app`: the stagegate App as a long-running server, configured by Probot's usual
// environment variables (docs/app.md lists them). Without APP_ID and a private key, Probot's
// setup page starts instead and registers a new App from app.yml.
import { createProbot, run } from "probot";
import stagegate from "./index.js";
import { startAppServer } from "./server.js";

const env = process.env;
const hasCredentials = Boolean(env.APP_ID) && Boolean(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH);

if (!hasCredentials) {
  await run(stagegate);
} else {
  // Probot derives the API URL from GHE_HOST/GHE_PROTOCOL as `<protocol>://<host>/api/v3`;
  // GITHUB_API_URL (the Actions variable) names any other base, e.g. the sandbox's emulator.
  const probot = createProbot(env.GITHUB_API_URL ? { overrides: { baseUrl: env.GITHUB_API_URL } } : {});
  const server = await startAppServer({
    probot,
    app: stagegate,
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "0.0.0.0",
    webhooksPath: env.WEBHOOK_PATH || undefined,
    // REDIS_URL: the queue shared by every replica (and Probot's throttling, through createProbot).
    env,
  });
  // Probot logs at warn by default; where the App listens is worth saying whatever the level.
  console.log(`stagegate listening for webhooks at ${server.webhookUrl} (${server.queue.mode === "redis" ? "queue on Redis, shared by every replica" : "in-process queue"})`);
  // Stop taking deliveries, finish the ones in flight (the queue drains), then exit.
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
