// A soak of the App server: thousands of signed deliveries — ignored edits, ticks of an exit item
// and a command — POSTed to its webhook URL over loopback, with the JavaScript heap (after full
// collections) and resident memory read at 1,000 deliveries and at the end. The sender is
// generic: signed HTTP deliveries to a URL, whatever serves it.
import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Agent, request } from "node:http";
import { deliveryHeaders } from "../sandbox/github-emulator/webhooks.js";
import type { Delivery } from "../sandbox/github-emulator/index.js";
import { REPO, startAppWorld, startRollout, trackingIssue } from "../test/app/harness.js";
import { round } from "./stats.js";

export interface MemoryPoint {
  deliveries: number;
  heapMb: number;
  rssMb: number;
  /** Memory of Buffers and ArrayBuffers (sockets, request bodies), MB. */
  externalMb: number;
}

export interface SoakFigures {
  deliveries: number;
  mix: string;
  points: MemoryPoint[];
  /** Heap at the end over heap at 1,000 deliveries. */
  heapGrowth: number;
}

/** POSTs one delivery under a fresh delivery id (the signature covers only the body). */
export function postDelivery(url: string, delivery: Delivery, agent: Agent): Promise<number> {
  const headers = { ...deliveryHeaders(delivery), "x-github-delivery": randomUUID(), "content-length": String(Buffer.byteLength(delivery.body)) };
  return new Promise((done, fail) => {
    const req = request(url, { method: "POST", headers, agent }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? 0));
    });
    req.on("error", fail);
    req.end(delivery.body);
  });
}

/** Sends deliveries `from`..`to` of the cycle with `concurrency` in flight; stops by itself. */
export async function sendDeliveries(url: string, cycle: readonly Delivery[], from: number, to: number, concurrency: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = from;
  const worker = async () => {
    while (next < to) {
      const delivery = cycle[next++ % cycle.length] as Delivery;
      const status = await postDelivery(url, delivery, agent);
      if (status < 200 || status >= 300) throw new Error(`${url} answered ${status} to a ${delivery.event} delivery`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
}

let gc: (() => void) | null = null;
function collect(): void {
  if (gc === null) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
  gc();
}

function memory(deliveries: number): MemoryPoint {
  collect();
  const m = process.memoryUsage();
  return { deliveries, heapMb: round(m.heapUsed / 1_048_576, 1), rssMb: round(m.rss / 1_048_576, 1), externalMb: round((m.external + m.arrayBuffers) / 1_048_576, 1) };
}

/** 100 deliveries a cycle: 97 ignored edits, 2 ticks of an exit item, 1 `/promote`. */
export async function soak(total: number, checkpoints: number[]): Promise<SoakFigures> {
  const w = await startAppWorld();
  try {
    await startRollout(w);
    const issue = trackingIssue(w).number;
    const pam = w.emulator.as("pam");
    w.emulator.webhooks.hold();
    const { value: bug } = await pam.openIssue(REPO, { title: "Save button misaligned", body: "- [ ] open the editor\n" });
    await pam.editIssueBody(REPO, bug.number, (body) => body.replace("- [ ]", "- [x]"));
    await w.emulator.as("quinn").tick(REPO, issue, "exit/internal/no-critical-bugs");
    await pam.comment(REPO, issue, "/promote");
    const held = w.emulator.webhooks.heldDeliveries();
    const ignored = held.find((d) => d.event === "issues" && d.action === "edited" && d.body.includes("Save button"));
    const tick = held.find((d) => d.event === "issues" && d.action === "edited" && !d.body.includes("Save button"));
    const command = held.find((d) => d.event === "issue_comment" && d.action === "created");
    if (!ignored || !tick || !command) throw new Error("the soak's deliveries were not all recorded");
    await w.emulator.webhooks.release(() => []);
    const cycle = [...Array.from({ length: 97 }, () => ignored), tick, tick, command];
    const url = w.server?.webhookUrl ?? "";
    const points: MemoryPoint[] = [];
    let sent = 0;
    for (const at of checkpoints) {
      await sendDeliveries(url, cycle, sent, at, 8);
      sent = at;
      // The emulator shares this process: its logs are not the App's memory.
      w.emulator.requests.reset();
      points.push(memory(sent));
    }
    await sendDeliveries(url, cycle, sent, total, 8);
    w.emulator.requests.reset();
    points.push(memory(total));
    const first = points[0] as MemoryPoint;
    const last = points.at(-1) as MemoryPoint;
    return { deliveries: total, mix: "per 100: 97 ignored edits, 2 exit-item ticks, 1 /promote", points, heapGrowth: round(last.heapMb / first.heapMb, 3) };
  } finally {
    await w.close();
  }
}
