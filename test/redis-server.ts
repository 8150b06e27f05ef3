// A real Redis (Debian's `redis-server`) on a free loopback port with its own data folder, for
// the replica tests, the Redis queue's own tests and the bench. `restart()` stops it (Redis
// writes its append-only file on the way down) and starts it again on the same port and data, as
// a Redis that restarts in production would.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

const BINARY = "redis-server";

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it and removes its data folder. */
  close(): Promise<void>;
}

const MISSING = "a real Redis is needed: install Debian's `redis-server` package (`apt-get install -y redis-server`), which provides /usr/bin/redis-server";

/** Why Redis cannot be started here (the binary is missing), or null when it can. */
export function redisMissing(): string | null {
  const found = spawnSync(BINARY, ["--version"], { encoding: "utf8" });
  return found.error !== undefined || found.status !== 0 ? MISSING : null;
}

function requireRedis(): void {
  const missing = redisMissing();
  if (missing !== null) throw new Error(`redis-server not found: ${missing}.`);
}

/** Resolves once Redis answers PING with PONG on the port (bounded: 200 tries). */
async function answering(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${log()}`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("+PONG"));
      });
      socket.once("error", () => resolve(false));
    });
    if (pong) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server did not answer on port ${port}:\n${log()}`);
}

export async function startRedis(options: { appendonly?: boolean } = {}): Promise<RunningRedis> {
  requireRedis();
  const dir = mkdtempSync(join(tmpdir(), "stagegate-redis-"));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = "";
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--protected-mode", "yes", "--daemonize", "no"];
  if (options.appendonly) args.push("--appendonly", "yes", "--appendfsync", "always");

  const start = async () => {
    const started = spawn(BINARY, args, { stdio: ["ignore", "pipe", "pipe"] });
    started.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    await answering(port, started, () => output);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
