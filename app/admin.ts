// `npm run admin -- failed`: the deliveries in the shared queue's failed set (REDIS_URL), newest
// first, with why each failed. `npm run admin -- retry <delivery-id>` runs one again, as GitHub's
// Redeliver button would. The in-process queue keeps its failed set in the App's memory: its
// failures are in the App's log and on /metrics.
import { jobIdOf, failedOf, openQueue } from "./queue/redis-queue.js";

const USAGE = "usage: npm run admin -- failed | retry <delivery-id>   (needs REDIS_URL; STAGEGATE_QUEUE_PREFIX if set on the App)";

async function main(args: string[]): Promise<number> {
  const url = process.env.REDIS_URL;
  const [command, id] = args;
  if (!url || (command !== "failed" && command !== "retry") || (command === "retry" && !id)) {
    console.error(url ? USAGE : `REDIS_URL is not set: the failed set lives in Redis. ${USAGE}`);
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
