// One App replica as a process of its own, for replica-world.ts: `npm run app`'s entry (through
// tsx), or replica-app.ts on the emulator's simulated clock with an IPC channel to the test.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { build } from "esbuild";
import { ROOT } from "../../scripts/package.js";
import { freePort } from "../free-port.js";
import type { ApiGate } from "./fault-gate.js";
import type { FromReplica, ToReplica } from "./replica-app.js";

export interface Replica {
  url: string;
  gate: ApiGate;
  child: ChildProcess;
  output(): string;
  alive: boolean;
}

let bundled: Promise<string> | undefined;
let bundleDir: string | undefined;
// A test worker can be ended without an exit event: the bundle goes with the test file instead.
afterAll(() => {
  if (bundleDir !== undefined) rmSync(bundleDir, { recursive: true, force: true });
  bundled = bundleDir = undefined;
});

/**
 * replica-app.ts bundled once per test process, as `npm run build` bundles the App (npm packages
 * left as imports, found through a link to this checkout's node_modules), in a folder of its own
 * that goes when the test file is done. The replay suites start some fifty replicas, and a bundle
 * starts in about half the CPU time of loading the sources through tsx.
 */
function replicaEntry(): Promise<string> {
  bundled ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "stagegate-replica-"));
    bundleDir = dir;
    await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
    const outfile = join(dir, "replica-app.js");
    await build({ absWorkingDir: ROOT, entryPoints: ["test/e2e/replica-app.ts"], outfile, bundle: true, packages: "external", platform: "node", target: "node24", format: "esm", logLevel: "silent" });
    return outfile;
  })();
  return bundled;
}

/** A replica-app.ts replica, on the simulated clock; `sync` hands it the emulator's time and waits until it has it. */
export async function startSimulatedReplica(env: Record<string, string>, apiUrl: string, gate: ApiGate, metricsValues?: (now: Date) => string): Promise<Replica & { sync(at: number): Promise<void> }> {
  let output = "";
  const child = spawn(process.execPath, [await replicaEntry()], {
    env: { ...env, GITHUB_API_URL: apiUrl, ...(metricsValues ? { STAGEGATE_TEST_METRICS: "ipc" } : {}) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const acks = new Map<number, () => void>();
  let nextAck = 0;
  // A replica that dies (SIGKILL) answers nothing more: whoever waits on it stops waiting.
  child.once("exit", () => {
    for (const done of acks.values()) done();
  });
  const send = (message: ToReplica) => child.connected && child.send(message);
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`a replica exited with ${code}:\n${output}`)));
    child.on("message", (message: FromReplica) => {
      if (message.kind === "listening") resolve(message.url);
      else if (message.kind === "clock") acks.get(message.ack)?.();
      else send({ kind: "metrics", id: message.id, values: metricsValues?.(new Date(message.at)) ?? "{}" });
    });
  });
  const replica = {
    url,
    gate,
    child,
    output: () => output,
    alive: true,
    sync: (at: number) =>
      new Promise<void>((resolve) => {
        if (!replica.alive || !child.connected) return resolve();
        const ack = nextAck++;
        acks.set(ack, () => {
          acks.delete(ack);
          resolve();
        });
        send({ kind: "clock", at, ack });
      }),
  };
  return replica;
}

export async function startReplica(env: Record<string, string>, apiUrl: string, gate: ApiGate): Promise<Replica> {
  const port = await freePort();
  let output = "";
  // tsx as a loader in the App's own process, not its CLI: the CLI runs the App in a second
  // process, so a SIGKILL (which it cannot relay) killed the CLI and left the App running.
  const child = spawn(process.execPath, ["--import", "./node_modules/tsx/dist/loader.mjs", "app/main.ts"], {
    env: { ...env, GITHUB_API_URL: apiUrl, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  return { url, gate, child, output: () => output, alive: true };
}

