// Runs the committed Action bundle (dist/index.js) the way the runner does: a fresh `node`
// process with INPUT_* variables, an event file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, and
// GITHUB_API_URL pointing at the emulator. The environment is built from scratch, so nothing of
// this process (tsx's loader in NODE_OPTIONS, say) slows the child down or leaks into it.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runnerEnvironment } from "../sandbox/runner-env.js";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const ACTION_BUNDLE = join(ROOT, "dist", "index.js");

export interface ActionRunOptions {
  apiUrl: string;
  repository: string;
  token: string;
  /** The instant the run treats as now (the Action's `now` input). */
  now: string;
  /** The Action's `metrics-values` input. */
  metricsValues?: string;
  event?: "schedule" | "workflow_dispatch";
  bundle?: string;
  /** Measure the process's peak resident memory (bench/max-rss-probe.mjs). */
  measureMemory?: boolean;
}

export interface ActionRunResult {
  code: number;
  wallMs: number;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT as written. */
  outputText: string;
  /** Peak resident memory in MB, when measured. */
  maxRssMb?: number;
}

/** Spawns `node <args>` with `env` and resolves with its exit code and wall time. */
export function timedNode(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; wallMs: number; stdout: string; stderr: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, wallMs: performance.now() - started, stdout, stderr }));
  });
}

/** The baseline environment: only PATH, as bare as `node -e 0` can be started. */
export function bareEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH };
}

/**
 * The files and environment of one Action run in `dir`: the event file, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY (empty), and the variables the runner sets.
 */
export async function actionRunEnvironment(options: ActionRunOptions, dir: string): Promise<{ env: NodeJS.ProcessEnv; output: string }> {
  const files = { event: join(dir, "event.json"), output: join(dir, "output.txt"), summary: join(dir, "summary.md") };
  const event = options.event ?? "schedule";
  await writeFile(files.event, JSON.stringify(event === "schedule" ? { schedule: "*/15 * * * *" } : {}));
  await writeFile(files.output, "");
  await writeFile(files.summary, "");
  const env = runnerEnvironment({
    base: bareEnv(),
    apiUrl: options.apiUrl,
    repository: options.repository,
    token: options.token,
    event,
    files: { dir, ...files },
    inputs: { now: options.now, "metrics-values": options.metricsValues },
  });
  return { env, output: files.output };
}

export async function runAction(options: ActionRunOptions): Promise<ActionRunResult> {
  const dir = await mkdtemp(join(tmpdir(), "stagegate-bench-"));
  try {
    const { env, output } = await actionRunEnvironment(options, dir);
    const probe = options.measureMemory ? ["--import", join(ROOT, "bench", "max-rss-probe.mjs")] : [];
    const run = await timedNode([...probe, options.bundle ?? ACTION_BUNDLE], env);
    const rss = /stagegate-bench-max-rss-kb=(\d+)/.exec(run.stderr);
    return { ...run, outputText: await readFile(output, "utf8"), ...(rss ? { maxRssMb: Math.round(Number(rss[1]) / 1024) } : {}) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The `rollouts` output: one entry per rollout with the action the run took. */
export function rolloutActions(outputText: string): Array<{ name: string; action: string; reason: string }> {
  const match = /^rollouts<<(.+)$/m.exec(outputText);
  if (!match) return [];
  const start = outputText.indexOf("\n", match.index) + 1;
  const end = outputText.indexOf(`\n${match[1]}`, start);
  return JSON.parse(outputText.slice(start, end)) as Array<{ name: string; action: string; reason: string }>;
}
