// `npm run admin`, in-process, against a real Redis (Debian's redis-server) holding the shared
// queue: an administrator lists the deliveries that kept failing, with why, and runs one again
// once its cause is fixed. replicas.test.ts runs the command as a process.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runAdmin } from "../../app/admin.js";
import { createRedisQueue, redisQueueSettingsFrom } from "../../app/queue/redis-queue.js";
import type { WorkQueue } from "../../app/queue/work-queue.js";
import { freePort } from "../free-port.js";
import { startRedis, type RunningRedis } from "../redis-server.js";

let redis: RunningRedis;
let queue: WorkQueue;
let env: NodeJS.ProcessEnv;
let broken = true;
const handled: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const prefix = `admin-${randomUUID()}`;
  env = { REDIS_URL: redis.url, STAGEGATE_QUEUE_PREFIX: prefix };
  queue = await createRedisQueue({
    url: redis.url,
    ...redisQueueSettingsFrom(env),
    retry: { attempts: 2, backoffMs: 0 },
    process: async (delivery) => {
      if (broken) throw new Error("the settings file does not parse");
      handled.push(delivery.id);
    },
  });
}, 60_000);

afterAll(async () => {
  await queue?.close();
  await redis?.close();
});

async function admin(args: string[], environment: NodeJS.ProcessEnv = env): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(args, environment, { log: (line) => out.push(line), error: (line) => err.push(line) });
  return { code, out, err };
}

it("lists the deliveries that kept failing, newest first, and runs one again", async () => {
  expect(await admin(["failed"])).toEqual({ code: 0, out: ["no failed deliveries"], err: [] });

  for (const id of ["d-1", "d-2"]) await queue.enqueue({ id, name: "issue_comment", payload: { action: "created", issue: { number: 7, body: "" }, repository: { full_name: "acme/web" } } });
  await queue.idle();
  const listed = await admin(["failed"]);
  expect(listed.code).toBe(0);
  expect(listed.out[0]).toBe("2 failed deliveries (newest first):");
  // A handler's own failure is not tried again: it would fail the same way until someone fixes its cause.
  expect(listed.out.slice(1).map((line) => line.replace(/^\S+ {2}/, ""))).toEqual([
    "d-2  issue_comment  acme/web#issue-7  after 1 tries: the settings file does not parse",
    "d-1  issue_comment  acme/web#issue-7  after 1 tries: the settings file does not parse",
  ]);

  broken = false;
  expect(await admin(["retry", "d-1"])).toEqual({ code: 0, out: ["delivery d-1 queued again"], err: [] });
  await queue.idle();
  expect(handled).toEqual(["d-1"]);
  expect((await admin(["failed"])).out.slice(1).map((line) => line.split("  ")[1])).toEqual(["d-2"]);
  expect(await admin(["retry", "d-1"])).toEqual({ code: 1, out: [], err: ["delivery d-1 is not in the failed set"] });
});

it("says how to call it, and without REDIS_URL that the failed set is per process and where to look", async () => {
  const usage = "usage: npm run admin -- failed | retry <delivery-id>   (node build/admin.js …; needs REDIS_URL, and STAGEGATE_QUEUE_PREFIX if the App sets it)";
  expect(await admin([])).toEqual({ code: 2, out: [], err: [usage] });
  expect(await admin(["retry"])).toEqual({ code: 2, out: [], err: [usage] });
  const refused = await admin(["failed"], {});
  expect(refused.code).toBe(2);
  expect(refused.err.join("\n")).toMatch(/Without Redis the failed set is per process.*\/metrics.*Redeliver/s);
});

it("says so when Redis does not answer", async () => {
  const nobody = `redis://127.0.0.1:${await freePort()}`;
  const run = await admin(["failed"], { REDIS_URL: nobody });
  expect(run.code).toBe(1);
  expect(run.err).toEqual([`Redis at ${nobody} does not answer (connect ECONNREFUSED ${nobody.slice("redis://".length)}): check REDIS_URL, and that Redis is running.`]);
});
