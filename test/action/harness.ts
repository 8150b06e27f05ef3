// Runs the Action as the runner does: INPUT_* variables, an event file, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, and GITHUB_API_URL pointing at the GitHub emulator. Two ways, one
// contract: `runAction` starts the BUILT bundle (what `npm run package` makes) in a child process,
// built once per test process into a temporary folder, never over the committed dist/ (the
// staleness test compares against that); `runActionInProcess` runs the same entry from source in
// this process, so coverage sees the Action's code. The two give the same ActionRun.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as core from "@actions/core";
import type { RolloutOutput } from "../../action/io.js";
import { main } from "../../action/main.js";
import { useProxyFromEnvironment } from "../../action/proxy.js";
import { runnerEnvironment } from "../../sandbox/runner-env.js";
import { buildBundles } from "../../scripts/package.js";

let built: Promise<string> | null = null;

/** Path of a freshly built dist/index.js (built once, shared by every test in this process). */
export function builtAction(): Promise<string> {
  built ??= (async () => {
    const files = await buildBundles();
    if (!files.some((f) => f.path === join("dist", "index.js"))) throw new Error("the package script built no dist/index.js");
    const dir = await mkdtemp(join(tmpdir(), "stagegate-action-"));
    // As in the repository, the bundle is ESM because the nearest package.json says so.
    await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
    // The entry with the chunks it loads on first use, laid out as in dist/.
    for (const file of files) {
      await mkdir(dirname(join(dir, file.path)), { recursive: true });
      await writeFile(join(dir, file.path), file.contents);
    }
    return join(dir, "dist", "index.js");
  })();
  return built;
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface RunOptions {
  apiUrl: string;
  repository: string;
  token: string;
  event: "push" | "schedule" | "workflow_dispatch";
  /** The event payload (push); schedule runs get GitHub's minimal one. */
  payload?: Record<string, unknown>;
  /** Inputs by their action.yml names: `now`, `dry-run`, `metrics-values`… */
  inputs?: Record<string, string>;
  /** More variables for the runner's environment (HTTPS_PROXY, NODE_EXTRA_CA_CERTS…). */
  env?: Record<string, string>;
}

/** GitHub's own format for multi-line values in GITHUB_OUTPUT: `name<<DELIM\nvalue\nDELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? "");
    if (match) {
      const [, name, delimiter] = match as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      outputs[name] = value.join("\n");
    } else if (lines[i]?.includes("=")) {
      const [name, ...rest] = (lines[i] as string).split("=");
      outputs[name as string] = rest.join("=");
    }
  }
  return outputs;
}

async function runnerFiles(options: RunOptions) {
  const dir = await mkdtemp(join(tmpdir(), "stagegate-run-"));
  const files = { event: join(dir, "event.json"), output: join(dir, "output.txt"), summary: join(dir, "summary.md") };
  await writeFile(files.event, JSON.stringify(options.payload ?? (options.event === "schedule" ? { schedule: "*/15 * * * *" } : {})));
  await writeFile(files.output, "");
  await writeFile(files.summary, "");
  // A clean environment: nothing of the test runner's own GITHUB_* variables may leak in.
  const env = runnerEnvironment({ apiUrl: options.apiUrl, repository: options.repository, token: options.token, event: options.event, files: { dir, ...files }, inputs: options.inputs });
  const results = async (code: number, stdout: string, stderr: string): Promise<ActionRun> => ({
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(files.output, "utf8")),
    summary: await readFile(files.summary, "utf8"),
  });
  return { env, results };
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const entry = await builtAction();
  const { env, results } = await runnerFiles(options);
  const child = spawn(process.execPath, [entry], { env: { ...env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
  return results(code, stdout, stderr);
}

let inProcess: Promise<unknown> = Promise.resolve();

/**
 * The Action's entry run from source in this process, with the runner's environment as its
 * `process.env` and its stdout captured. @actions/core reads process.env, writes the log to
 * process.stdout and fails a step through process.exitCode, so runs here take turns (one at a
 * time per test process), and everything is put back after each.
 */
export function runActionInProcess(options: RunOptions): Promise<ActionRun> {
  const turn = inProcess.then(() => runHere(options));
  inProcess = turn.catch(() => undefined);
  return turn;
}

async function runHere(options: RunOptions): Promise<ActionRun> {
  const { env, results } = await runnerFiles(options);
  const saved = { env: process.env, exitCode: process.exitCode, write: process.stdout.write };
  let stdout = "";
  // The summary remembers the file it wrote to first: each run has its own.
  (core.summary as unknown as { _filePath?: string })._filePath = undefined;
  core.summary.emptyBuffer();
  process.env = { ...env, ...options.env };
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  let code: number;
  try {
    // As the entry (action/index.ts) calls it; runs with a proxy go to the bundle (see scenario.ts).
    await main(process.env, useProxyFromEnvironment);
  } finally {
    code = Number(process.exitCode ?? 0);
    process.stdout.write = saved.write;
    process.env = saved.env;
    process.exitCode = saved.exitCode;
  }
  return results(code, stdout, "");
}

export function rolloutsOutput(run: ActionRun): RolloutOutput[] {
  return JSON.parse(run.outputs.rollouts ?? "null") as RolloutOutput[];
}
