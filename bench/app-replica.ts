// One App replica for the acknowledgement bench, in a process of its own (GitHub, the emulator,
// and the sender are processes of their own too, as in production). Configured like
// `npm run app` from the environment, with Probot's throttling off as the emulator's Probot has
// it, so the bench measures the App's own cost. Prints its webhook URL, and drains on SIGTERM.
import { quietProbot } from "../sandbox/github-emulator/probot.js";
import { createStagegateApp } from "../app/index.js";
import { startAppServer } from "../app/server.js";

const env = process.env;
const probot = quietProbot({ appId: env.APP_ID, privateKey: env.PRIVATE_KEY, secret: env.WEBHOOK_SECRET }, env.GITHUB_API_URL);
// STAGEGATE_BENCH_NO_WORK: the same server and queue with no handlers behind them, the baseline
// that tells the machine's own delay (a loaded 2-core host) from the App's work.
const app = env.STAGEGATE_BENCH_NO_WORK ? () => {} : createStagegateApp({ sleep: () => Promise.resolve() });
const server = await startAppServer({ probot, app, env, sleep: () => Promise.resolve() });
console.log(server.webhookUrl);
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
