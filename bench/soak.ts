// A soak of the App server: thousands of signed deliveries — ignored edits, ticks of an exit item
// and a command — POSTed to its webhook URL over loopback, with the JavaScript heap (after full
// collections) and resident memory read at 1,000 deliveries and at the end. The sender is
// generic: signed HTTP deliveries to a URL, whatever serves it.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { getHeapSpaceStatistics } from "node:v8";
import { Agent, request } from "node:http";
import { deliveryHeaders } from "../sandbox/github-emulator/webhooks.js";
import type { Delivery } from "../sandbox/github-emulator/index.js";
import { REPO, startAppWorld, startRollout, trackingIssue } from "../test/app/harness.js";
import { collectGarbage } from "./gc.js";
import { round } from "./stats.js";

export interface MemoryPoint {
  deliveries: number;
  heapMb: number;
  rssMb: number;
  /** Memory of Buffers and ArrayBuffers (sockets, request bodies), MB. */
  externalMb: number;
  /** What V8 has reserved for the heap, used or not (heapTotal). */
  heapTotalMb?: number;
  /** V8's code space: compiled functions (bytecode lives in the old space). */
  codeMb?: number;
  /**
   * Resident memory split as Linux counts it (/proc/self/status): anonymous pages (the V8 heap,
   * malloc's arenas, buffers) and file-backed ones (the node binary, ICU data, shared libraries).
   */
  rssAnonMb?: number;
  rssFileMb?: number;
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

const mb = (bytes: number) => round(bytes / 1_048_576, 1);

/** RssAnon and RssFile of /proc/self/status in bytes (Linux only; null elsewhere). */
function residentSplit(): { anon: number; file: number } | null {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
    return { anon: kb("RssAnon"), file: kb("RssFile") + kb("RssShmem") };
  } catch {
    return null;
  }
}

function memory(deliveries: number): MemoryPoint {
  collectGarbage(2);
  const m = process.memoryUsage();
  const code = getHeapSpaceStatistics().find((s) => s.space_name === "code_space")?.space_used_size ?? 0;
  const split = residentSplit();
  return {
    deliveries,
    heapMb: mb(m.heapUsed),
    rssMb: mb(m.rss),
    // external counts every ArrayBuffer and Buffer already (arrayBuffers is a part of it).
    externalMb: mb(m.external),
    heapTotalMb: mb(m.heapTotal),
    codeMb: mb(code),
    ...(split ? { rssAnonMb: mb(split.anon), rssFileMb: mb(split.file) } : {}),
  };
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
