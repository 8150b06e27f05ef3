// The in-process queue: one rollout's deliveries in order, other rollouts alongside, transient
// failures tried again, lasting ones in the failed set, a delivery id worked once. Work is held
// with gates (promises the test resolves), never with timers.
import { describe, expect, it } from "vitest";
import { createMemoryQueue } from "../../../app/queue/memory-queue.js";
import type { QueuedDelivery } from "../../../app/queue/delivery.js";

const comment = (id: string, rollout: string): QueuedDelivery => ({
  id,
  name: "issue_comment",
  payload: { action: "created", repository: { full_name: "acme/web" }, issue: { number: 1, body: `<!-- stagegate:rollout ${rollout} -->` }, comment: { body: "/status" } },
});

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

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
        if (fail === "transient" && tries < 3) return Promise.reject(Object.assign(new Error("Server Error"), { status: 502 }));
        if (fail === "lasting") return Promise.reject(Object.assign(new Error("Resource not accessible by integration"), { status: 403 }));
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
  });
});
