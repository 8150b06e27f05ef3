// `npm run admin -- failed` (`node build/admin.js failed`): the deliveries in the shared queue's
// failed set (REDIS_URL), newest first, with why each failed. `npm run admin -- retry
// <delivery-id>` runs one again, as GitHub's Redeliver button would.
//
// Without REDIS_URL there is no shared failed set to read: each App process keeps its own in its
// memory, and this command says so and where to look instead (the process's log and /metrics).
import { jobIdOf, failedOf, openQueue } from "./queue/redis-queue.js";

const USAGE = "usage: npm run admin -- failed | retry <delivery-id>   (node build/admin.js …; needs REDIS_URL, and STAGEGATE_QUEUE_PREFIX if the App sets it)";

const NO_REDIS = [
  "REDIS_URL is not set. Without Redis the failed set is per process: each App process keeps its own in memory, and this command cannot read it.",
  "Look in that process's log for `delivery failed` lines (with the delivery id and reason) and at its /metrics (stagegate_delivery_failed_set_size);",
  "press Redeliver on the delivery in the App's advanced settings on GitHub to run it again. With the App's REDIS_URL set, this command lists the shared failed set.",
].join("\n");

async function main(args: string[]): Promise<number> {
  const url = process.env.REDIS_URL;
  const [command, id] = args;
  if (!url) {
    console.error(NO_REDIS);
    return 2;
  }
  if ((command !== "failed" && command !== "retry") || (command === "retry" && !id)) {
    console.error(USAGE);
    return 2;
  }
  const { queue, close } = openQueue(url, process.env.STAGEGATE_QUEUE_PREFIX || "stagegate");
  try {
    if (command === "retry") {
      const job = await queue.getJob(jobIdOf(id as string));
      if (job === undefined || (await job.getState()) !== "failed") {
        console.error(`delivery ${id} is not in the failed set`);
        return 1;
      }
      await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      console.log(`delivery ${id} queued again`);
      return 0;
    }
    const failed = failedOf(await queue.getFailed(0, 999));
    if (failed.length === 0) {
      console.log("no failed deliveries");
      return 0;
    }
    console.log(`${failed.length} failed deliveries (newest first):`);
    for (const f of failed) console.log(`${new Date(f.failedAt).toISOString()}  ${f.id}  ${f.name}  ${f.key}  after ${f.attempts} tries: ${f.reason}`);
    return 0;
  } finally {
    await close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
