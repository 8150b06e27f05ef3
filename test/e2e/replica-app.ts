// One App replica for the replica suites that replay the fault suite and the sandbox's stories: a
// process of its own, configured from the environment as `npm run app` configures one (REDIS_URL
// for the shared queue, STAGEGATE_QUEUE_*), with two differences the stories need and production
// does not have:
// - its clock is the emulator's simulated clock, sent by the test over the IPC channel before every
//   delivery (the stories play weeks in seconds; the fault suite counts bake days);
// - when the test has monitoring to show (the stories' health gates), the App reads it from the
//   test over the same channel instead of asking a Prometheus.
// And as the emulator's own Probot (sandbox/github-emulator/probot.ts): no client-side throttling
// (it spaces writes a second apart in real time) and no client-side retries (a failed call fails
// the try, so the queue's retries are what is tested). test/e2e/replicas.test.ts runs `npm run
// app`'s own entry, with Probot's shared throttling, on the real clock.
import { quietProbot } from "../../sandbox/github-emulator/probot.js";
import { createStagegateApp } from "../../app/index.js";
import { startAppServer } from "../../app/server.js";
import type { MetricsProvider } from "../../metrics/provider.js";
import { createSuppliedValuesProvider, parseSuppliedValues } from "../../metrics/supplied-values.js";

export type ToReplica = { kind: "clock"; at: number; ack: number } | { kind: "metrics"; id: number; values: string };
export type FromReplica = { kind: "listening"; url: string } | { kind: "clock"; ack: number } | { kind: "metrics"; id: number; at: number };

const env = process.env;
let now = Number(env.STAGEGATE_TEST_NOW ?? Date.now());

const asked = new Map<number, (values: string) => void>();
let nextAsk = 0;
/** The test's `metrics-values` JSON at an instant. */
const valuesAt = (at: Date) =>
  new Promise<string>((resolve) => {
    const id = nextAsk++;
    asked.set(id, resolve);
    process.send?.({ kind: "metrics", id, at: at.getTime() } satisfies FromReplica);
  });

process.on("message", (message: ToReplica) => {
  if (message.kind === "clock") {
    now = message.at;
    process.send?.({ kind: "clock", ack: message.ack } satisfies FromReplica);
  } else {
    asked.get(message.id)?.(message.values);
    asked.delete(message.id);
  }
});

const metrics = (): MetricsProvider => ({
  description: "the test's monitoring",
  observe: async (requests, at) => {
    const parsed = parseSuppliedValues(await valuesAt(at));
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
    return createSuppliedValuesProvider(parsed.value).observe(requests, at);
  },
});

const probot = quietProbot({ appId: env.APP_ID, privateKey: env.PRIVATE_KEY, secret: env.WEBHOOK_SECRET }, env.GITHUB_API_URL);
const app = createStagegateApp({ now: () => new Date(now), sleep: () => Promise.resolve(), ...(env.STAGEGATE_TEST_METRICS === "ipc" ? { metrics } : {}) });
const server = await startAppServer({ probot, app, env, port: Number(env.PORT ?? 0), host: "127.0.0.1", sleep: () => Promise.resolve() });
process.send?.({ kind: "listening", url: server.url } satisfies FromReplica);
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
