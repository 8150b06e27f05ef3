// A gate between a client (the App, the Action) and the GitHub emulator: it relays every API
// request, and holds the requests a test picks until the test lets them through. Races are then
// staged in an exact order ("the App has read the state and is committing; now the Action
// commits; now the App's commit arrives") instead of being left to timers.
//
// The emulator has a gate of its own (`faults.inject({ gate })` with `requests.answered`), and
// in-process tests with one client per identity use it. This one stays apart because it knows
// what the emulator cannot: which process a request came from. Three App replicas share one
// installation, so to GitHub (and the emulator) they are one actor; only the socket tells
// replicas apart, and replicas.test.ts must hold and kill the one whose commit arrived.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type RequestMatch = (method: string, path: string) => boolean;

export interface Held {
  /** How many matching requests are waiting (or have waited) at the gate. */
  readonly arrived: number;
  /** Resolves once `count` matching requests have arrived. */
  until(count: number): Promise<void>;
  /** Lets every held request through, and stops holding. */
  release(): void;
  /** Drops the held requests unanswered (their client is gone), and stops holding. */
  drop(): void;
}

export interface ApiGate {
  url: string;
  hold(match: RequestMatch): Held;
  close(): Promise<void>;
}

/** Requests that commit a file through the contents API. */
export const commitRequest: RequestMatch = (method, path) => method === "PUT" && path.includes("/contents/");

interface Hold {
  match: RequestMatch;
  arrived: number;
  waiters: Array<{ count: number; resolve: () => void }>;
  released: Promise<void>;
  open: () => void;
  dropped: boolean;
}

// Hop-by-hop headers, and those fetch recomputes for the relayed body.
const SKIPPED = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "content-encoding"]);

/** Told of each request when it arrives; the function it returns is called once it is answered. */
export type GateObserver = (method: string, path: string) => () => void;

export async function startApiGate(target: string, observe?: GateObserver): Promise<ApiGate> {
  let holds: Hold[] = [];
  const server: Server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const answered = observe?.(method, path);
    if (answered !== undefined) res.once("close", answered);
    void (async () => {
      const hold = holds.find((h) => h.match(method, path));
      if (hold !== undefined) {
        hold.arrived += 1;
        for (const waiter of hold.waiters.filter((w) => hold.arrived >= w.count)) waiter.resolve();
        await hold.released;
        if (hold.dropped) {
          res.destroy();
          return;
        }
      }
      const answer = await relay(req, `${target}${path}`);
      res.writeHead(answer.status, answer.headers).end(answer.body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`gate: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hold(match) {
      let open = () => {};
      const released = new Promise<void>((resolve) => (open = resolve));
      const hold: Hold = { match, arrived: 0, waiters: [], released, open, dropped: false };
      holds.push(hold);
      return {
        get arrived() {
          return hold.arrived;
        },
        until: (count) => (hold.arrived >= count ? Promise.resolve() : new Promise<void>((resolve) => hold.waiters.push({ count, resolve }))),
        release: () => {
          holds = holds.filter((h) => h !== hold);
          hold.open();
        },
        drop: () => {
          hold.dropped = true;
          holds = holds.filter((h) => h !== hold);
          hold.open();
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const hold of holds) hold.open();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a received request on to `url` and returns the answer, headers and all. */
export async function relay(req: IncomingMessage, url: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = Object.fromEntries(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" && !SKIPPED.has(k) ? [[k, v]] : [])));
  const method = req.method ?? "GET";
  const answer = await fetch(url, { method, headers, ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }) });
  const out: Record<string, string> = {};
  answer.headers.forEach((value, key) => {
    if (!SKIPPED.has(key)) out[key] = value;
  });
  return { status: answer.status, headers: out, body: Buffer.from(await answer.arrayBuffer()) };
}

/**
 * A webhook front on loopback: each delivery goes where `pick` says (given its delivery id, and
 * once it resolves), and the replica's answer comes back as it was. The fault and replica worlds differ only in `pick`.
 */
export async function startWebhookFront(pick: (deliveryId: string) => string | Promise<string>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void Promise.resolve(pick(String(req.headers["x-github-delivery"] ?? ""))).then((target) => relay(req, target)).then(
      (answer) => res.writeHead(answer.status, answer.headers).end(answer.body),
      (error: unknown) => res.writeHead(502).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
