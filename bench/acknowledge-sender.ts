// The sender of the acknowledgement bench, in a process of its own that does nothing else: it
// sends every delivery at once, each on a connection of its own (as GitHub's deliveries come), to
// the next App replica in turn, and times each one at the sender.
//
// The clock of a delivery starts when its connection is open and its request is being written,
// and stops at the end of the App's answer: the App's whole part (accepting the connection,
// reading, verifying, queuing and answering, and any time the request waited for the App's event
// loop) is inside it. Left out, and reported apart as the sender's lag, is the time this one
// process takes to get round to a request: GitHub sends a burst from many machines, while here one
// event loop opens 200 connections in turn.
import { Agent, request } from "node:http";
import type { SignedDelivery } from "./acknowledge-github.js";

export interface SendRequest {
  urls: string[];
  deliveries: SignedDelivery[];
}

export interface SendResult {
  /** Epoch milliseconds at the first send. */
  startedAt: number;
  /** Per delivery, in ms: from its request going out to the end of its answer. */
  latencies: number[];
  /** Per delivery, in ms: from the burst's start to its request going out (the sender's own lag). */
  lags: number[];
}

interface Timing {
  latency: number;
  lag: number;
}

function post(url: string, delivery: SignedDelivery, agent: Agent, burstStart: number): Promise<Timing> {
  let sentAt = 0;
  return new Promise((done, fail) => {
    const req = request(url, { method: "POST", headers: delivery.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => {
        const now = performance.now();
        if (res.statusCode === 200) done({ latency: now - sentAt, lag: sentAt - burstStart });
        else fail(new Error(`${url} answered ${res.statusCode}`));
      });
    });
    req.on("socket", (socket) => socket.once("connect", () => (sentAt = performance.now())));
    req.on("error", fail);
    req.end(delivery.body);
  });
}

process.once("message", (message: SendRequest) => {
  // One socket per delivery, never reused: a delivery never waits for the client's socket pool.
  const agent = new Agent({ keepAlive: false, maxSockets: message.deliveries.length });
  const startedAt = Date.now();
  const burstStart = performance.now();
  void Promise.all(message.deliveries.map((d, i) => post(message.urls[i % message.urls.length] as string, d, agent, burstStart))).then(
    (timings) => {
      agent.destroy();
      const result: SendResult = { startedAt, latencies: timings.map((t) => t.latency), lags: timings.map((t) => t.lag) };
      process.send?.(result, () => process.exit(0));
    },
    (error: unknown) => {
      process.send?.({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
    },
  );
});
process.send?.("ready");
