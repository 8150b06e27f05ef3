// A rollout's lock on a real Redis (Debian's redis-server, started on a free loopback port): one
// holder at a time, kept for as long as its holder runs, lost after the expiry when the holder
// dies (stops renewing), and never freed by anyone but its holder.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RolloutLocks } from "../../../app/queue/rollout-lock.js";
import { eventually } from "../../eventually.js";
import { redisMissing, startRedis, type RunningRedis } from "../../redis-server.js";

const missing = redisMissing();
// Long enough that a busy machine never misses a renewal (every third of it), short enough to wait out.
const TTL_MS = 3_000;

let redis: RunningRedis | null = null;
const clients: Redis[] = [];
beforeAll(async () => {
  if (missing === null) redis = await startRedis();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});
afterAll(async () => {
  await redis?.close();
});

/** A replica's connection to Redis, and its locks under one prefix. */
function replica(prefix: string) {
  const client = new Redis((redis as RunningRedis).url, { maxRetriesPerRequest: 1 });
  client.on("error", () => {
    // A replica that was made to die: its renewals fail, which the lock ignores.
  });
  clients.push(client);
  return { client, locks: new RolloutLocks(client, prefix, TTL_MS) };
}

describe.skipIf(missing !== null)("a rollout's lock", () => {
  it("has one holder at a time; once released, the next may take it", async () => {
    const prefix = `test-${randomUUID()}`;
    const a = replica(prefix);
    const b = replica(prefix);
    const held = await a.locks.acquire("acme/web#rollout-editor");
    expect(held).not.toBeNull();
    expect(await b.locks.acquire("acme/web#rollout-editor")).toBeNull();
    // Another rollout is not held up.
    const other = await b.locks.acquire("acme/web#rollout-search");
    expect(other).not.toBeNull();
    await held?.release();
    const next = await b.locks.acquire("acme/web#rollout-editor");
    expect(next).not.toBeNull();
    await Promise.all([other?.release(), next?.release()]);
  });

  it("has its expiry pushed back again and again while its holder runs", async () => {
    const prefix = `test-${randomUUID()}`;
    const a = replica(prefix);
    const held = await a.locks.acquire("acme/web#rollout-editor");
    const name = `${prefix}:lock:acme/web#rollout-editor`;
    let last = await a.client.pttl(name);
    expect(last).toBeGreaterThan(0);
    // The time left only ever grows when the holder renews it.
    await eventually("the holder to renew its lock", async () => {
      const left = await a.client.pttl(name);
      const renewed = left > last;
      last = left;
      return renewed;
    });
    await held?.release();
    expect(await a.client.exists(name)).toBe(0);
  });

  it("is lost when its holder dies, taken by another once it expires, and cannot be freed by the holder that comes back", async () => {
    const prefix = `test-${randomUUID()}`;
    const a = replica(prefix);
    const b = replica(prefix);
    const c = replica(prefix);
    const dead = await a.locks.acquire("acme/web#rollout-editor");
    expect(await b.locks.acquire("acme/web#rollout-editor")).toBeNull();

    // The holder's replica dies: its renewals no longer reach Redis.
    a.client.disconnect();
    let taken: Awaited<ReturnType<RolloutLocks["acquire"]>> = null;
    await eventually("the dead holder's lock to expire", async () => (taken = await b.locks.acquire("acme/web#rollout-editor")) !== null);

    // The old holder comes back and finishes late: it frees nothing that is not its own.
    await a.client.connect();
    await dead?.release();
    expect(await c.locks.acquire("acme/web#rollout-editor")).toBeNull();
    await (taken as Awaited<ReturnType<RolloutLocks["acquire"]>>)?.release();
    const last = await c.locks.acquire("acme/web#rollout-editor");
    expect(last).not.toBeNull();
    await last?.release();
  });
});

if (missing !== null) {
  it.skip(`Redis lock tests skipped: ${missing}`, () => undefined);
  console.warn(`Redis lock tests skipped: ${missing}.`);
}
