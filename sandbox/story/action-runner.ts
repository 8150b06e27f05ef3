// Runs the built Action (dist/index.js) as a GitHub runner does: a child process with a clean
// environment, INPUT_* variables, an event file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files
// read back after it exits. The sandbox's clock reaches it through the `now` input.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RolloutOutput } from "../../action/io.js";
import { runnerEnvironment } from "../runner-env.js";

/** The committed bundle GitHub runs. */
const DIST_ACTION = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

export type ActionEvent = "push" | "schedule" | "workflow_dispatch";

export interface ActionRunRequest {
  event: ActionEvent;
  /** The event payload; schedule runs get GitHub's minimal one. */
  payload?: Record<string, unknown>;
  /** Inputs by their action.yml names. */
  inputs: Record<string, string>;
}

export interface ActionRun {
  event: ActionEvent;
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** The `rollouts` output, parsed; empty when the run wrote none. */
  rollouts: RolloutOutput[];
  summary: string;
}

export interface ActionRunnerOptions {
  /** The bundle to run (default: the committed dist/index.js). */
  entry?: string;
  apiUrl: string;
  repository: string;
  token: string;
}

/** GitHub's format for values in GITHUB_OUTPUT: `name=value`, or `name<<DELIM` … `DELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^<=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      outputs[name] = value.join("\n");
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

function missingBundleMessage(entry: string): string {
  return `The Action's bundle ${entry} is missing. Build it with \`npm run package\` (it is normally committed), then run again.`;
}

/** How long one run may take before it is stopped and reported (a real runner has a timeout too). */
const RUN_TIMEOUT_MS = 60_000;

export interface ActionRunner {
  /** The bundle it runs. */
  entry: string;
  run(request: ActionRunRequest): Promise<ActionRun>;
  /** Stops any run still going (on failure or Ctrl-C). */
  stop(): Promise<void>;
}

export function createActionRunner(options: ActionRunnerOptions): ActionRunner {
  const entry = options.entry ?? DIST_ACTION;
  if (!existsSync(entry)) throw new Error(missingBundleMessage(entry));
  const running = new Set<ChildProcess>();
  let runId = 0;

  async function run(request: ActionRunRequest): Promise<ActionRun> {
    runId += 1;
    const dir = await mkdtemp(join(tmpdir(), "stagegate-sandbox-run-"));
    try {
      const files = { event: join(dir, "event.json"), output: join(dir, "output.txt"), summary: join(dir, "summary.md") };
      const payload = request.payload ?? (request.event === "schedule" ? { schedule: "*/15 * * * *" } : {});
      await Promise.all([writeFile(files.event, JSON.stringify(payload)), writeFile(files.output, ""), writeFile(files.summary, "")]);
      // Only what a runner sets: none of this process's own variables may leak into the run.
      const env = runnerEnvironment({ apiUrl: options.apiUrl, repository: options.repository, token: options.token, event: request.event, files: { dir, ...files }, runId, inputs: request.inputs });

      const child = spawn(process.execPath, [entry], { env, stdio: ["ignore", "pipe", "pipe"] });
      running.add(child);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
      const code = await new Promise<number>((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (c) => resolve(c ?? -1));
      }).finally(() => {
        clearTimeout(timer);
        running.delete(child);
      });
      const outputs = parseOutputFile(await readFile(files.output, "utf8"));
      return {
        event: request.event,
        code,
        stdout,
        stderr,
        outputs,
        rollouts: outputs.rollouts ? (JSON.parse(outputs.rollouts) as RolloutOutput[]) : [],
        summary: await readFile(files.summary, "utf8"),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function stop(): Promise<void> {
    const exits = [...running].map((child) => new Promise<void>((resolve) => {
      child.once("close", () => resolve());
      child.kill("SIGTERM");
    }));
    await Promise.all(exits);
  }

  return { entry, run, stop };
}
