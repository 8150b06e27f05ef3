// Webhook handling under load, on loopback only: the stagegate App and a bare Probot app that
// does nothing, both served by app/server.ts (same node:http server, same webhook endpoint,
// same signature check), fed alternately from the same bounded loop. An ignored event must not
// cost the App much more than it costs Probot itself to receive it; a tick is measured too.
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { startAppServer, type AppServer } from "../app/server.js";
import { deliveryHeaders } from "../sandbox/github-emulator/webhooks.js";
import type { Delivery } from "../sandbox/github-emulator/index.js";
import { emulatedProbot } from "../sandbox/github-emulator/probot.js";
import { REPO, startAppWorld, startRollout, trackingIssue, type AppWorld } from "../test/app/harness.js";
import { alternate, median, percentile, round } from "./stats.js";

export interface LoadFigures {
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface WebhookFigures {
  event: string;
  app: LoadFigures;
  bare: LoadFigures;
  /**
   * App throughput over bare throughput: the median of the ratios of rounds run back to back,
   * so a burst of background load hits both sides of a pair rather than one side's figures.
   */
  ratio: number;
  deliveries: number;
}

/** A Probot app with no handlers, started exactly as the stagegate App is. */
async function startBareApp(w: AppWorld): Promise<AppServer> {
  const probot = emulatedProbot(w.emulator);
  return startAppServer({ probot, app: () => {} });
}

/** POSTs a recorded delivery under a fresh delivery id (the signature covers only the body). */
function post(url: string, delivery: Delivery, agent: Agent): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const headers = { ...deliveryHeaders(delivery), "x-github-delivery": randomUUID(), "content-length": String(Buffer.byteLength(delivery.body)) };
  return new Promise((done, fail) => {
    const req = request(url, { method: "POST", headers, agent }, (res) => {
      res.resume();
      res.on("end", () => done({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on("error", fail);
    req.end(delivery.body);
  });
}

/** Sends `count` deliveries with `concurrency` in flight; stops by itself. */
async function burst(url: string, delivery: Delivery, count: number, concurrency: number): Promise<{ seconds: number; latencies: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next++;
      const { status, ms } = await post(url, delivery, agent);
      if (status < 200 || status >= 300) throw new Error(`${url} answered ${status} to a ${delivery.event} delivery`);
      latencies.push(ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, latencies };
}

function figures(rounds: Array<{ seconds: number; latencies: number[] }>): LoadFigures {
  const latencies = rounds.flatMap((r) => r.latencies);
  return {
    deliveriesPerSecond: round(median(rounds.map((r) => r.latencies.length / r.seconds)), 0),
    p50Ms: round(median(latencies), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

export interface LoadOptions {
  /** Deliveries per round and side. */
  perRound: number;
  rounds: number;
  concurrency: number;
  /** Ticks sent (one at a time: each is a real edit of the issue). */
  ticks: number;
}

/** `issues.edited` on an ordinary issue (a bug report whose task list someone ticked). */
async function ignoredDelivery(w: AppWorld): Promise<Delivery> {
  const { value: issue } = await w.emulator.as("pam").openIssue(REPO, { title: "Save button misaligned", body: "Steps:\n\n- [ ] open the editor\n- [ ] resize the window\n" });
  await w.emulator.as("pam").editIssueBody(REPO, issue.number, (body) => body.replace("- [ ] open", "- [x] open"));
  const delivery = w.emulator.webhooks.deliveries({ event: "issues", action: "edited" }).at(-1);
  if (delivery === undefined) throw new Error("the emulator sent no issues.edited delivery");
  return delivery;
}

export async function measureIgnoredEvents(options: LoadOptions): Promise<WebhookFigures> {
  const w = await startAppWorld();
  const bare = await startBareApp(w);
  try {
    const delivery = await ignoredDelivery(w);
    const app = w.server?.webhookUrl ?? "";
    // Warm both (JIT, sockets, the App's one-off identity look-up) before anything is counted.
    await burst(app, delivery, options.perRound, options.concurrency);
    await burst(bare.webhookUrl, delivery, options.perRound, options.concurrency);
    const sides = await alternate(
      options.rounds,
      () => burst(app, delivery, options.perRound, options.concurrency),
      () => burst(bare.webhookUrl, delivery, options.perRound, options.concurrency),
    );
    const throughput = (r: { seconds: number; latencies: number[] }) => r.latencies.length / r.seconds;
    const ratios = sides.a.map((a, i) => throughput(a) / throughput(sides.b[i] as typeof a));
    return { event: "issues.edited on an ordinary issue (ignored)", app: figures(sides.a), bare: figures(sides.b), ratio: round(median(ratios), 2), deliveries: options.perRound * options.rounds };
  } finally {
    await bare.close();
    await w.close();
  }
}

/**
 * Ticks and unticks of an exit item by the person holding its role, each a real edit whose
 * delivery the App verifies and queues before it answers (the commit follows from the queue).
 * The emulator holds the deliveries back so that this loop sends them and times the answer; the
 * bare app gets the same bytes in turn.
 */
export async function measureTicks(options: LoadOptions): Promise<WebhookFigures> {
  const w = await startAppWorld();
  const bare = await startBareApp(w);
  try {
    await startRollout(w);
    const issue = trackingIssue(w).number;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const appSamples: number[] = [];
    const bareSamples: number[] = [];
    w.emulator.webhooks.hold();
    for (let i = 0; i < options.ticks; i++) {
      const person = w.emulator.as("quinn");
      if (i % 2 === 0) await person.tick(REPO, issue, "exit/internal/no-critical-bugs");
      else await person.untick(REPO, issue, "exit/internal/no-critical-bugs");
      const delivery = w.emulator.webhooks.heldDeliveries().filter((d) => d.event === "issues" && d.action === "edited").at(-1);
      if (delivery === undefined) throw new Error("the tick sent no issues.edited delivery");
      const sent = await post(w.server?.webhookUrl ?? "", delivery, agent);
      const baseline = await post(bare.webhookUrl, delivery, agent);
      if (sent.status !== 200 || baseline.status !== 200) throw new Error(`a tick was answered ${sent.status} (App) and ${baseline.status} (bare)`);
      appSamples.push(sent.ms);
      bareSamples.push(baseline.ms);
      // The App answers once the delivery is queued; its commit and rewrite of the issue follow.
      // The next edit waits for them, as a person would see the box settle before clicking again.
      await w.server?.idle();
    }
    // The App's own edits were held too; it would ignore them, so they are dropped unsent.
    await w.emulator.webhooks.release(() => []);
    agent.destroy();
    const one = (samples: number[]): LoadFigures => ({ deliveriesPerSecond: round(1000 / median(samples), 0), p50Ms: round(median(samples), 2), p99Ms: round(percentile(samples, 99), 2) });
    const ratios = appSamples.map((ms, i) => (bareSamples[i] as number) / ms);
    return { event: "issues.edited ticking an exit item (verified, committed)", app: one(appSamples), bare: one(bareSamples), ratio: round(median(ratios), 3), deliveries: options.ticks };
  } finally {
    await bare.close();
    await w.close();
  }
}
