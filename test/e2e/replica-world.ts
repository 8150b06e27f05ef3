// stagegate as N replicas would run it: a real Redis (Debian's redis-server), three App processes
// started from the environment as `npm run app` starts one (through tsx), and a round-robin
// forwarder in front of them on loopback, all against one GitHub emulator. Each replica's API
// calls pass its own gate (fault-gate.ts), so a test can hold a request and know which replica
// sent it. The App's clock is the real one: the emulator's starts three days back, so that bake
// times have elapsed for the App when the story needs them to.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { openQueue } from "../../app/queue/redis-queue.js";
import { failedOf } from "../../app/queue/redis-queue.js";
import { runAction } from "../action/harness.js";
import { startApiGate, startWebhookFront, type ApiGate, type Held, type RequestMatch } from "./fault-gate.js";
import { REPO, startGitHub, DAY, type FaultWorld } from "./fault-world.js";
import { eventually } from "../eventually.js";
import { startRedis, type RunningRedis } from "../redis-server.js";
import { freePort } from "../free-port.js";

export interface Replica {
  url: string;
  gate: ApiGate;
  child: ChildProcess;
  output(): string;
  alive: boolean;
}

export interface ReplicaWorld extends FaultWorld {
  redis: RunningRedis;
  /** The queue's key prefix in Redis (STAGEGATE_QUEUE_PREFIX). */
  prefix: string;
  replicas: Replica[];
  /** SIGKILLs a replica: no drain, no goodbye. */
  kill(index: number): Promise<void>;
  /** Every replica's /metrics text. */
  metrics(index: number): Promise<string>;
  /** The most write requests (to repositories) the replicas together had in flight at once, since the last call. */
  takeMostConcurrentWrites(): number;
}


async function startReplica(env: Record<string, string>, apiUrl: string, gate: ApiGate): Promise<Replica> {
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "app/main.ts"], {
    env: { ...env, GITHUB_API_URL: apiUrl, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  return { url, gate, child, output: () => output, alive: true };
}

/**
 * The front door: a delivery's first attempt goes to the next live replica in turn, and every
 * later attempt of it (a duplicate, a redelivery) to a different replica than the one before.
 */
function roundRobin(replicas: Replica[]): Promise<{ url: string; close(): Promise<void> }> {
  const last = new Map<string, number>();
  let next = 0;
  return startWebhookFront((id) => {
    const previous = last.get(id);
    let index = previous === undefined ? next++ : previous + 1;
    for (let i = 0; i < replicas.length && !replicas[index % replicas.length]?.alive; i++) index++;
    const target = replicas[index % replicas.length] as Replica;
    last.set(id, index % replicas.length);
    return `${target.url}/api/github/webhooks`;
  });
}

/** One hold across every replica's gate. */
function holdAll(gates: ApiGate[], match: RequestMatch): Held {
  const holds = gates.map((gate) => gate.hold(match));
  return {
    get arrived() {
      return holds.reduce((sum, h) => sum + h.arrived, 0);
    },
    until: (count) => eventually(`${count} held requests`, () => holds.reduce((sum, h) => sum + h.arrived, 0) >= count),
    release: () => holds.forEach((h) => h.release()),
    drop: () => holds.forEach((h) => h.drop()),
  };
}

export async function startReplicaWorld(options: { replicas?: number; people?: string[] } = {}): Promise<ReplicaWorld> {
  const redis = await startRedis({ appendonly: true });
  const start = new Date(Math.floor((Date.now() - 3 * DAY) / 1000) * 1000).toISOString();
  const { gh, installation } = await startGitHub({ ...options, now: start });
  const prefix = `stagegate-test-${randomUUID().slice(0, 8)}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    APP_ID: String(gh.app.id),
    PRIVATE_KEY: gh.app.privateKey,
    WEBHOOK_SECRET: gh.app.webhookSecret,
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    NODE_ENV: "test",
    REDIS_URL: redis.url,
    STAGEGATE_QUEUE_PREFIX: prefix,
    // Short locks, so that a killed replica's job and rollout are taken over within seconds.
    STAGEGATE_QUEUE_LOCK_MS: "1500",
    STAGEGATE_QUEUE_BACKOFF_MS: "100",
  };
  const gates: ApiGate[] = [];
  const replicas: Replica[] = [];
  // Writes to repositories in flight across every replica (token requests to /app are Probot's
  // own, limited separately).
  const writes = { now: 0, most: 0 };
  const observeWrites = (method: string, path: string) => {
    if (method === "GET" || method === "HEAD" || path.startsWith("/app/")) return () => {};
    writes.now += 1;
    writes.most = Math.max(writes.most, writes.now);
    return () => {
      writes.now -= 1;
    };
  };
  for (let i = 0; i < (options.replicas ?? 3); i++) {
    const gate = await startApiGate(gh.baseUrl, observeWrites);
    gates.push(gate);
    replicas.push(await startReplica(env, gate.url, gate));
  }
  for (const replica of replicas) {
    await eventually(`replica ${replica.url} to listen`, async () => {
      if (replica.child.exitCode !== null) throw new Error(`a replica exited:\n${replica.output()}`);
      return (await fetch(`${replica.url}/healthz`).catch(() => null))?.ok === true;
    });
  }
  const front = await roundRobin(replicas);
  gh.setWebhookUrl(front.url);

  // The test's own view of the shared queue: idle when nothing waits, runs or is due again.
  const { queue, close: closeQueue } = openQueue(redis.url, prefix);
  const queueIdle = async () => {
    let quiet = 0;
    // Two quiet reads in a row: a job between states (moved to delayed, say) is not missed.
    await eventually("the shared queue to be idle", async () => {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children").catch(() => null);
      quiet = counts !== null && Object.values(counts).every((n) => n === 0) ? quiet + 1 : 0;
      return quiet >= 2;
    }, 6_000);
  };
  const forgetQueue = gh.webhooks.settleWith(queueIdle);

  const actionGate = await startApiGate(gh.baseUrl);
  const token = gh.createActionsToken(REPO);
  const stopReplica = async (replica: Replica, signal: NodeJS.Signals) => {
    replica.alive = false;
    if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
    const exited = new Promise((resolve) => replica.child.once("exit", resolve));
    replica.child.kill(signal);
    await exited;
  };
  return {
    gh,
    redis,
    prefix,
    replicas,
    appActor: `installation:${installation.id}`,
    actionActor: `actions:${REPO}`,
    appGate: { url: gates[0]?.url ?? "", hold: (match) => holdAll(gates, match), close: async () => {} },
    actionGate,
    servers: [],
    appFailed: async () => failedOf(await queue.getFailed(0, 999)),
    action: (event, payload) => runAction({ apiUrl: actionGate.url, repository: REPO, token, event, ...(payload ? { payload } : {}), inputs: { now: gh.clock.iso() } }),
    kill: (index) => stopReplica(replicas[index] as Replica, "SIGKILL"),
    metrics: async (index) => (await fetch(`${replicas[index]?.url ?? ""}/metrics`)).text(),
    takeMostConcurrentWrites: () => {
      const most = writes.most;
      writes.most = writes.now;
      return most;
    },
    close: async () => {
      await gh.idle().catch(() => undefined);
      forgetQueue();
      await front.close();
      // SIGTERM: each live replica drains its jobs and exits.
      for (const replica of replicas) await stopReplica(replica, "SIGTERM");
      await closeQueue();
      for (const gate of gates) await gate.close();
      await actionGate.close();
      await redis.close();
      await gh.close();
    },
  };
}
