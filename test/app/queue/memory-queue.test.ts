// The in-process queue: one rollout's deliveries in order, other rollouts alongside, transient
// failures tried again, lasting ones in the failed set, a delivery id worked once. Work is held
// with gates (promises the test resolves), never with timers.
import { describe, expect, it } from "vitest";
import { createMemoryQueue } from "../../../app/queue/memory-queue.js";
import { gate } from "../../gate.js";
import { comment, httpError } from "./deliveries.js";

const noPause = () => Promise.resolve();

describe("the in-process queue", () => {
  it("works one rollout's deliveries one after another, in order, and another rollout's alongside", async () => {
    const log: string[] = [];
    const first = gate();
    const otherDone = gate();
    const queue = createMemoryQueue({
      retry: { attempts: 1, backoffMs: 0 },
      process: async (d) => {
        log.push(`start ${d.id}`);
        if (d.id === "a1") await first.opened;
        log.push(`end ${d.id}`);
        if (d.id === "b1") otherDone.open();
      },
    });
    await queue.enqueue(comment("a1", "editor"));
    await queue.enqueue(comment("a2", "editor"));
    await queue.enqueue(comment("b1", "search"));
    // b1 (another rollout) finishes while a1 is held; a2 waits for a1.
    await otherDone.opened;
    expect(log).toEqual(["start a1", "start b1", "end b1"]);
    first.open();
    await queue.idle();
    expect(log).toEqual(["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]);
  });

  it("works a delivery id once, however often it is acknowledged", async () => {
    let runs = 0;
    const queue = createMemoryQueue({ retry: { attempts: 1, backoffMs: 0 }, process: () => Promise.resolve(void runs++) });
    expect(await queue.enqueue(comment("d1", "editor"))).toBe("queued");
    expect(await queue.enqueue(comment("d1", "editor"))).toBe("duplicate");
    await queue.idle();
    expect(await queue.enqueue(comment("d1", "editor"))).toBe("duplicate");
    await queue.idle();
    expect(runs).toBe(1);
  });

  it("tries a transient failure again with growing pauses, and keeps a lasting one in the failed set until it is redelivered", async () => {
    const pauses: number[] = [];
    let tries = 0;
    let fail: "transient" | "lasting" | null = "transient";
    const queue = createMemoryQueue({
      retry: { attempts: 3, backoffMs: 100 },
      sleep: (ms) => Promise.resolve(void pauses.push(ms)),
      process: () => {
        tries++;
        if (fail === "transient" && tries < 3) return Promise.reject(httpError(502, "Server Error"));
        if (fail === "lasting") return Promise.reject(httpError(403, "Resource not accessible by integration"));
        return Promise.resolve();
      },
    });
    await queue.enqueue(comment("t1", "editor"));
    await queue.idle();
    expect([tries, pauses]).toEqual([3, [100, 200]]);
    expect(await queue.failed()).toEqual([]);

    fail = "lasting";
    await queue.enqueue(comment("t2", "editor"));
    await queue.idle();
    expect(tries).toBe(4);
    expect((await queue.failed()).map((f) => [f.id, f.reason, f.attempts])).toEqual([["t2", "403: Resource not accessible by integration", 1]]);

    fail = null;
    expect(await queue.enqueue(comment("t2", "editor"))).toBe("retried");
    await queue.idle();
    expect(await queue.failed()).toEqual([]);
  });

  it("finishes the work in flight when closed, and takes no more", async () => {
    const held = gate();
    let done = false;
    const queue = createMemoryQueue({ retry: { attempts: 1, backoffMs: 0 }, sleep: noPause, process: async () => {
      await held.opened;
      done = true;
    } });
    await queue.enqueue(comment("c1", "editor"));
    const closed = queue.close();
    await expect(queue.enqueue(comment("c2", "editor"))).rejects.toThrow("shutting down");
    held.open();
    await closed;
    expect(done).toBe(true);
    // Nothing left in flight: closing again ends at once.
    await queue.close();
  });

  it("works at most `concurrency` deliveries at once; the others wait for a free place", async () => {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const twoStarted = gate();
    const thirdStarted = gate();
    const queue = createMemoryQueue({
      retry: { attempts: 1, backoffMs: 0 },
      concurrency: 2,
      process: (d) =>
        new Promise<void>((resolve) => {
          started.push(d.id);
          finish.set(d.id, resolve);
          if (started.length === 2) twoStarted.open();
          if (started.length === 3) thirdStarted.open();
        }),
    });
    for (const rollout of ["editor", "search", "albums"]) await queue.enqueue(comment(rollout, rollout));
    await twoStarted.opened;
    // Work starts on a later turn of the event loop: give the third two turns, and it still waits.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["editor", "search"]);
    finish.get("search")?.();
    await thirdStarted.opened;
    expect(started).toEqual(["editor", "search", "albums"]);
    finish.get("editor")?.();
    finish.get("albums")?.();
    await queue.idle();
  });

  it("remembers a bounded number of delivery ids: the redelivery of one long forgotten is worked again", async () => {
    const runs: string[] = [];
    const queue = createMemoryQueue({ retry: { attempts: 1, backoffMs: 0 }, memory: 2, process: (d) => Promise.resolve(void runs.push(d.id)) });
    for (const id of ["d1", "d2", "d3"]) {
      await queue.enqueue(comment(id, "editor"));
      await queue.idle();
    }
    expect(await queue.enqueue(comment("d3", "editor"))).toBe("duplicate");
    expect(await queue.enqueue(comment("d1", "editor"))).toBe("queued");
    await queue.idle();
    expect(runs).toEqual(["d1", "d2", "d3", "d1"]);
  });

  it("keeps the hundred newest failures", async () => {
    const queue = createMemoryQueue({ retry: { attempts: 1, backoffMs: 0 }, process: () => Promise.reject(httpError(404, "Not Found")) });
    for (let i = 0; i <= 100; i++) await queue.enqueue(comment(`f${i}`, "editor"));
    await queue.idle();
    const failed = await queue.failed();
    expect(failed).toHaveLength(100);
    expect([failed[0]?.id, failed.at(-1)?.id]).toEqual(["f100", "f1"]);
  });
});
