// Acknowledgement under a burst: 200 `/status` comments on ten tracking issues, delivered all at
// once, to one App (the in-process queue) and to three App processes sharing one Redis (a real
// redis-server on loopback). Each App replica is a process of its own (bench/app-replica.ts),
// with Probot's throttling off as the emulator's Probot has it, so the figures are the App's own
// cost. Measured: the time to each 200 (p50/p99), and the time from the first send until every
// comment has its answer (end-to-end throughput). Every comment must be answered exactly once:
// one 🚀 and one reply.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import type { Delivery, RunningEmulator } from "../sandbox/github-emulator/index.js";
import { deliveryHeaders } from "../sandbox/github-emulator/webhooks.js";
import { startEmulator } from "../sandbox/github-emulator/index.js";
import { startRedis } from "../test/redis-server.js";
import { median, percentile, round } from "./stats.js";

export const ACK_P99_BUDGET_MS = 100;

export interface AcknowledgeFigures {
  replicas: number;
  queue: "memory" | "redis";
  deliveries: number;
  ackP50Ms: number;
  ackP99Ms: number;
  /**
   * The same from inside the App (its stagegate_webhook_acknowledge_seconds histogram): the upper
   * bound of the bucket holding the 99th percentile. The gap to ackP99Ms is time spent outside
   * the App's handler: connection set-up, and the bench's own process (which is also GitHub,
   * the emulator, busy with the App's API calls) reading the answer.
   */
  appAckP99UpToMs: number;
  /** Deliveries answered (worked to the end) per second, from the first send to the last answer. */
  endToEndPerSecond: number;
  answeredOnce: boolean;
}

const REPO = "acme/web";
const ROLLOUTS = 10;

async function world(): Promise<{ gh: RunningEmulator; deliveries: Delivery[] }> {
  const gh = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  gh.addOrg("acme");
  gh.addRepo("acme", "web", { files: { ".github/stagegate.yml": "roles: {}\n" } });
  gh.setRole(REPO, "rita", "read");
  gh.installApp({ account: "acme" });
  gh.webhooks.hold();
  for (let r = 0; r < ROLLOUTS; r++) {
    const { value: issue } = await gh.as("rita").openIssue(REPO, { title: `Rollout: r${r}`, body: `<!-- stagegate:rollout r${r} -->\n## Rollout\n`, labels: ["stagegate"] });
    for (let i = 0; i < 200 / ROLLOUTS; i++) await gh.as("rita").comment(REPO, issue.number, "/status");
  }
  const deliveries = gh.webhooks.heldDeliveries().filter((d) => d.event === "issue_comment");
  await gh.webhooks.release(() => []);
  return { gh, deliveries };
}

function post(url: string, delivery: Delivery, agent: Agent): Promise<number> {
  const started = performance.now();
  const headers = { ...deliveryHeaders(delivery), "content-length": String(Buffer.byteLength(delivery.body)) };
  return new Promise((done, fail) => {
    const req = request(url, { method: "POST", headers, agent }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? done(performance.now() - started) : fail(new Error(`${url} answered ${res.statusCode}`))));
    });
    req.on("error", fail);
    req.end(delivery.body);
  });
}

function answeredOnce(gh: RunningEmulator, deliveries: Delivery[]): boolean {
  const ids = new Set(deliveries.map((d) => (d.payload.comment as { id: number }).id));
  const bot = gh.app.botLogin;
  const replies = new Map<string, number>();
  for (const c of gh.state.comments.values()) if (c.author === bot) for (const m of c.body.matchAll(/stagegate:answer (\d+)/g)) replies.set(m[1] as string, (replies.get(m[1] as string) ?? 0) + 1);
  return [...ids].every((id) => {
    const reactions = (gh.state.comments.get(id)?.reactions ?? []).filter((r) => r.user === bot).map((r) => r.content).sort();
    return reactions.join() === "eyes,rocket" && replies.get(String(id)) === 1;
  });
}

async function startReplica(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "bench/app-replica.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((l) => l.startsWith("http"));
      if (line !== undefined) resolve(line.trim());
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`a bench replica exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

/** The bucket bound under which 99% of the replicas' own acknowledgements fell, in ms. */
async function appSideP99(webhookUrls: string[]): Promise<number> {
  const buckets = new Map<number, number>();
  for (const url of webhookUrls) {
    const text = await (await fetch(new URL("/metrics", url))).text();
    for (const m of text.matchAll(/^stagegate_webhook_acknowledge_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)) {
      const le = m[1] === "+Inf" ? Infinity : Number(m[1]);
      buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
    }
  }
  const total = buckets.get(Infinity) ?? 0;
  const bound = [...buckets].sort((a, b) => a[0] - b[0]).find(([, count]) => count >= total * 0.99)?.[0] ?? Infinity;
  return bound * 1000;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

export async function measureAcknowledgement(replicas: 1 | 3): Promise<AcknowledgeFigures> {
  const { gh, deliveries } = await world();
  const redis = replicas > 1 ? await startRedis() : null;
  const children: ChildProcess[] = [];
  try {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      APP_ID: String(gh.app.id),
      PRIVATE_KEY: gh.app.privateKey,
      WEBHOOK_SECRET: gh.app.webhookSecret,
      GITHUB_API_URL: gh.baseUrl,
      ...(redis === null ? {} : { REDIS_URL: redis.url, STAGEGATE_QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}` }),
    };
    const urls: string[] = [];
    for (let i = 0; i < replicas; i++) {
      const replica = await startReplica(env);
      children.push(replica.child);
      urls.push(replica.url);
    }
    // One socket per delivery: a delivery never waits for the client's own socket pool.
    const agent = new Agent({ keepAlive: true, maxSockets: deliveries.length });
    const started = performance.now();
    // All at once, as a burst of comments would come: each to the next replica in turn.
    const latencies = await Promise.all(deliveries.map((d, i) => post(urls[i % urls.length] as string, d, agent)));
    // Done when every comment has its final reaction (polled, bounded: about ten minutes).
    const ids = deliveries.map((d) => (d.payload.comment as { id: number }).id);
    const finished = () => ids.every((id) => (gh.state.comments.get(id)?.reactions ?? []).some((r) => r.user === gh.app.botLogin && r.content !== "eyes"));
    for (let i = 0; i < 60_000 && !finished(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    const appAckP99UpToMs = await appSideP99(urls);
    for (const child of children) await stop(child);
    await gh.idle();
    return {
      replicas,
      queue: redis === null ? "memory" : "redis",
      deliveries: deliveries.length,
      ackP50Ms: round(median(latencies), 2),
      ackP99Ms: round(percentile(latencies, 99), 2),
      appAckP99UpToMs,
      endToEndPerSecond: round(deliveries.length / seconds, 1),
      answeredOnce: answeredOnce(gh, deliveries),
    };
  } finally {
    for (const child of children) await stop(child);
    await redis?.close();
    await gh.close();
  }
}

if (process.argv[1]?.endsWith("acknowledge-load.ts")) {
  for (const n of [1, 3] as const) console.log(JSON.stringify(await measureAcknowledgement(n)));
}
