// Runs a real Prometheus on loopback over a known history: the history is backfilled with
// promtool into a fresh TSDB, Prometheus serves it with no scrape targets, and queries at
// explicit instants then have exact, known answers. Placed days in the past so the backfilled
// blocks never overlap Prometheus' own head block.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freePort } from "../free-port.js";

export const INSTALL_HINT =
  "Prometheus is needed for the metrics tests: install it with `sudo apt-get install -y prometheus` " +
  "(Debian/Ubuntu; provides prometheus and promtool), or download a release from https://prometheus.io/download/ " +
  "and put prometheus and promtool on PATH. Set STAGEGATE_SKIP_PROMETHEUS=1 to skip these tests knowingly.";

export interface Binaries {
  prometheus: string;
  promtool: string;
}

function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

/** Both binaries, or the names of the missing ones. */
export function findPrometheus(): Binaries | { missing: string[] } {
  const prometheus = which("prometheus");
  const promtool = which("promtool");
  if (prometheus !== null && promtool !== null) return { prometheus, promtool };
  return { missing: [prometheus === null ? "prometheus" : null, promtool === null ? "promtool" : null].filter((n) => n !== null) };
}


export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus was not ready within ${timeoutMs} ms:\n${log()}`);
}

/** Backfills `openMetrics` and starts Prometheus on it. Call stop() when done. */
export async function startPrometheus(binaries: Binaries, openMetrics: string): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), "stagegate-prometheus-"));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const historyFile = join(dir, "history.om");
    const tsdb = join(dir, "tsdb");
    const config = join(dir, "prometheus.yml");
    writeFileSync(historyFile, openMetrics);
    // No scrape targets: the only data is the history.
    writeFileSync(config, "global:\n  evaluation_interval: 1h\nscrape_configs: []\n");
    const backfill = spawnSync(binaries.promtool, ["tsdb", "create-blocks-from", "openmetrics", historyFile, tsdb], { encoding: "utf8" });
    if (backfill.status !== 0) throw new Error(`promtool could not backfill the history:\n${backfill.stderr}${backfill.stdout}`);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      binaries.prometheus,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${tsdb}`,
        "--storage.tsdb.retention.time=100y",
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    };
    try {
      await waitReady(url, child, () => stderr, 15_000);
    } catch (error) {
      await stop();
      throw error;
    }
    return { url, stop };
  } catch (error) {
    cleanup();
    throw error;
  }
}
