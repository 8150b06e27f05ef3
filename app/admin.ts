// `npm run admin -- failed` (`node build/admin.js failed`): the deliveries in the shared queue's
// failed set (REDIS_URL), newest first, with why each failed. `npm run admin -- retry
// <delivery-id>` runs one again, as GitHub's Redeliver button would.
//
// Without REDIS_URL there is no shared failed set to read: each App process keeps its own in its
// memory, and this command says so and where to look instead (the process's log and /metrics).
// app/admin-main.ts is the command's process.
import { Redis } from "ioredis";
import { jobIdOf, failedOf, openQueue, redisQueueSettingsFrom } from "./queue/redis-queue.js";

const USAGE = "usage: npm run admin -- failed | retry <delivery-id>   (node build/admin.js …; needs REDIS_URL, and STAGEGATE_QUEUE_PREFIX if the App sets it)";

const NO_REDIS = [
  "REDIS_URL is not set. Without Redis the failed set is per process: each App process keeps its own in memory, and this command cannot read it.",
  "Look in that process's log for `delivery failed` lines (with the delivery id and reason) and at its /metrics (stagegate_delivery_failed_set_size);",
  "press Redeliver on the delivery in the App's advanced settings on GitHub to run it again. With the App's REDIS_URL set, this command lists the shared failed set.",
].join("\n");

export interface AdminOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Why Redis cannot be reached, or null. The queue's own clients would wait for it forever. */
async function unreachable(url: string): Promise<string | null> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // connect() only says the connection closed; the error event says why.
  let reason = "no answer";
  probe.on("error", (error: Error) => (reason = error.message));
  try {
    await probe.connect();
    return null;
  } catch {
    return reason;
  } finally {
    probe.disconnect();
  }
}

/** Runs the command; resolves to the exit code (2: usage, 1: not done). */
export async function runAdmin(args: string[], env: NodeJS.ProcessEnv, out: AdminOutput): Promise<number> {
  const url = env.REDIS_URL;
  const [command, id] = args;
  if (!url) {
    out.error(NO_REDIS);
    return 2;
  }
  if ((command !== "failed" && command !== "retry") || (command === "retry" && !id)) {
    out.error(USAGE);
    return 2;
  }
  const problem = await unreachable(url);
  if (problem !== null) {
    out.error(`Redis at ${url} does not answer (${problem}): check REDIS_URL, and that Redis is running.`);
    return 1;
  }
  const { queue, close } = openQueue(url, redisQueueSettingsFrom(env).prefix);
  try {
    if (command === "retry") {
      const job = await queue.getJob(jobIdOf(id as string));
      if (job === undefined || (await job.getState()) !== "failed") {
        out.error(`delivery ${id} is not in the failed set`);
        return 1;
      }
      await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      out.log(`delivery ${id} queued again`);
      return 0;
    }
    const failed = failedOf(await queue.getFailed(0, 999));
    if (failed.length === 0) {
      out.log("no failed deliveries");
      return 0;
    }
    out.log(`${failed.length} failed deliveries (newest first):`);
    for (const f of failed) out.log(`${new Date(f.failedAt).toISOString()}  ${f.id}  ${f.name}  ${f.key}  after ${f.attempts} tries: ${f.reason}`);
    return 0;
  } finally {
    await close();
  }
}
