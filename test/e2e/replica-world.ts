// stagegate as N replicas would run it: a real Redis (Debian's redis-server), three App processes
// configured from the environment as `npm run app` configures one, and a round-robin forwarder in
// front of them on loopback, all against one GitHub emulator. Each replica's API calls pass its
// own gate (fault-gate.ts), so a test can hold a request and know which replica sent it.
//
// Two kinds of replica:
// - by default, `npm run app`'s own entry (app/main.ts, through tsx) with Probot's throttling
//   shared through Redis, on the real clock: the emulator's starts three days back, so that bake
//   times have elapsed for the App when the story needs them to;
// - `simulated: true`, for the fault suite and the stories replayed through replicas: the entry in
//   replica-app.ts, whose clock is the emulator's simulated one (sent to every replica before each
//   delivery is forwarded) and which reads the test's monitoring, without client-side throttling
//   or retries, as the single-process suites' App has it.
import { randomUUID } from "node:crypto";
import { failedOf, openQueue } from "../../app/queue/redis-queue.js";
import type { FailedDelivery } from "../../app/queue/work-queue.js";
import type { RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { runAction } from "../action/harness.js";
import { startApiGate, startWebhookFront, type ApiGate, type Held, type RequestMatch } from "./fault-gate.js";
import { REPO, startGitHub, DAY, type FaultWorld } from "./fault-world.js";
import { eventually } from "../eventually.js";
import { startRedis, type RunningRedis } from "../redis-server.js";
import { startReplica, startSimulatedReplica, type Replica } from "./replica-process.js";

export type { Replica };

export interface ReplicaWorldOptions {
  replicas?: number;
  people?: string[];
  /** The replica-app.ts replicas on the emulator's simulated clock (see the top of this file). */
  simulated?: boolean;
  /** With `simulated`: the `metrics-values` JSON the monitoring shows at an instant. */
  metricsValues?: (now: Date) => string;
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


/**
 * The front door: a delivery's first attempt goes to the next live replica in turn, and every
 * later attempt of it (a duplicate, a redelivery) to a different replica than the one before.
 */
function roundRobin(replicas: Replica[], before: () => Promise<void> = () => Promise.resolve()): Promise<{ url: string; close(): Promise<void> }> {
  const last = new Map<string, number>();
  let next = 0;
  return startWebhookFront(async (id) => {
    await before();
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

/** Redis, the replicas and the forwarder around an emulator that is already running. */
export interface Replicas {
  /** The forwarder's URL, where the emulator delivers. */
  url: string;
  redis: RunningRedis;
  prefix: string;
  replicas: Replica[];
  gates: ApiGate[];
  appFailed(): Promise<FailedDelivery[]>;
  queueMetrics(): Promise<string[]>;
  stopReplica(replica: Replica, signal: NodeJS.Signals): Promise<void>;
  takeMostConcurrentWrites(): number;
  /** Stops the forwarder, drains and stops the replicas, stops Redis (the emulator stays). */
  close(): Promise<void>;
}

export async function startReplicas(gh: RunningEmulator, options: Omit<ReplicaWorldOptions, "people"> = {}): Promise<Replicas> {
  const redis = await startRedis({ appendonly: true });
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
  for (let i = 0; i < (options.replicas ?? 3); i++) gates.push(await startApiGate(gh.baseUrl, observeWrites));
  // Started side by side: each spends most of its start loading modules.
  const clocked: Array<{ sync(at: number): Promise<void> }> = [];
  const replicas: Replica[] = await Promise.all(
    gates.map(async (gate) => {
      if (!options.simulated) return startReplica(env, gate.url, gate);
      const replica = await startSimulatedReplica(env, gate.url, gate, options.metricsValues);
      clocked.push(replica);
      return replica;
    }),
  );
  for (const replica of replicas) {
    await eventually(`replica ${replica.url} to listen`, async () => {
      if (replica.child.exitCode !== null) throw new Error(`a replica exited:\n${replica.output()}`);
      return (await fetch(`${replica.url}/healthz`).catch(() => null))?.ok === true;
    });
  }
  // On the simulated clock, every replica has the emulator's time before a delivery reaches any
  // of them: whichever replica's worker takes the job reads the same instant.
  const front = await roundRobin(replicas, async () => {
    const at = gh.clock.now().getTime();
    await Promise.all(clocked.map((replica) => replica.sync(at)));
  });
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
  const stopReplica = async (replica: Replica, signal: NodeJS.Signals) => {
    replica.alive = false;
    if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
    const exited = new Promise((resolve) => replica.child.once("exit", resolve));
    replica.child.kill(signal);
    await exited;
  };
  return {
    url: front.url,
    redis,
    prefix,
    replicas,
    gates,
    appFailed: async () => failedOf(await queue.getFailed(0, 999)),
    queueMetrics: async () => Promise.all(replicas.filter((r) => r.alive).map(async (r) => (await fetch(`${r.url}/metrics`)).text())),
    stopReplica,
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
      await redis.close();
    },
  };
}

export async function startReplicaWorld(options: ReplicaWorldOptions = {}): Promise<ReplicaWorld> {
  const start = options.simulated ? undefined : new Date(Math.floor((Date.now() - 3 * DAY) / 1000) * 1000).toISOString();
  const { gh, installation } = await startGitHub({ ...(options.people ? { people: options.people } : {}), ...(start ? { now: start } : {}) });
  const running = await startReplicas(gh, options);
  const { replicas, gates } = running;
  const actionGate = await startApiGate(gh.baseUrl);
  const token = gh.createActionsToken(REPO);
  return {
    gh,
    redis: running.redis,
    prefix: running.prefix,
    replicas,
    appActor: `installation:${installation.id}`,
    actionActor: `actions:${REPO}`,
    appGate: { url: gates[0]?.url ?? "", hold: (match) => holdAll(gates, match), close: async () => {} },
    actionGate,
    servers: [],
    appFailed: running.appFailed,
    action: (event, payload) => runAction({ apiUrl: actionGate.url, repository: REPO, token, event, ...(payload ? { payload } : {}), inputs: { now: gh.clock.iso() } }),
    kill: (index) => running.stopReplica(replicas[index] as Replica, "SIGKILL"),
    metrics: async (index) => (await fetch(`${replicas[index]?.url ?? ""}/metrics`)).text(),
    queueMetrics: running.queueMetrics,
    takeMostConcurrentWrites: running.takeMostConcurrentWrites,
    close: async () => {
      await running.close();
      await actionGate.close();
      await gh.close();
    },
  };
}
