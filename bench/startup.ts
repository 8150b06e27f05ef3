// Start-up of the Action as the runner starts it: `node dist/index.js` on a scheduled run with
// nothing to do, against the emulator, beside `node -e 0` (Node starting and doing nothing), in
// rounds of rotating order so both meet the same background load. The budget is held on CPU time
// (user + system, as the process itself counts it when it exits), which a busy machine disturbs
// far less than wall time; wall time is reported beside it.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ACTION_BUNDLE, actionRunEnvironment, bareEnv, runAction, timedNode, type ActionRunOptions } from "./action-process.js";
import { countCalls } from "./call-count.js";
import { at, healthyMetrics, startRolloutRepo, type RolloutRepo } from "./rollout-repo.js";
import { median, round } from "./stats.js";

export interface StartupFigures {
  runs: number;
  /** Wall time, median. */
  nodeMs: number;
  actionMs: number;
  /** actionMs / nodeMs. */
  ratio: number;
  /** CPU time (user + system), median. */
  nodeCpuMs: number;
  actionCpuMs: number;
  /** actionCpuMs / nodeCpuMs: what the budget holds. */
  cpuRatio: number;
  /** Charged requests of the measured run. */
  requests: number;
  bundleBytes: number;
}

// Loaded into both measured processes alike (`--import`): their CPU time as they exit.
const CPU_PROBE = `import process from "node:process";
process.on("exit", () => { const u = process.cpuUsage(); process.stderr.write("\\nstagegate-bench-cpu-us=" + (u.user + u.system) + "\\n"); });
`;

function nothingToDo(repo: RolloutRepo): ActionRunOptions {
  return { apiUrl: repo.emulator.baseUrl, repository: repo.repository, token: repo.token, now: at(2), metricsValues: healthyMetrics(1) };
}

// Times every case from a small process of its own: spawning from the bench's process, which holds
// the emulator and hundreds of megabytes, would add its own fork cost to every figure alike and
// blur the ratios. The emulator keeps serving in the bench's process meanwhile. The order rotates
// every round so that no case always runs right after another and all share the background load.
const TIMER = `
const { spawnSync } = require("node:child_process");
const { readFileSync } = require("node:fs");
const { runs, cases } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const samples = cases.map(() => ({ wall: [], cpu: [] }));
for (let i = 0; i < runs; i++) {
  for (let k = 0; k < cases.length; k++) {
    const at = (i + k) % cases.length;
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, cases[at].args, { env: cases[at].env, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) { process.stderr.write(cases[at].name + " failed (exit " + run.status + "): " + run.stdout + run.stderr); process.exit(1); }
    const cpu = /stagegate-bench-cpu-us=(\\d+)/.exec(String(run.stderr));
    samples[at].wall.push(ms);
    samples[at].cpu.push(cpu ? Number(cpu[1]) / 1000 : NaN);
  }
}
process.stdout.write(JSON.stringify(samples));
`;

interface TimedCase {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

async function timeCases(dir: string, runs: number, cases: TimedCase[]): Promise<Array<{ wall: number[]; cpu: number[] }>> {
  const timer = join(dir, "timer.cjs");
  const job = join(dir, "timer-job.json");
  await writeFile(timer, TIMER);
  await writeFile(job, JSON.stringify({ runs, cases }));
  const run = await timedNode([timer, job], bareEnv());
  if (run.code !== 0) throw new Error(`timing failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Array<{ wall: number[]; cpu: number[] }>;
}

/** dist/index.js and every chunk it may load: what a checkout of the Action carries. */
export function actionBundleBytes(): number {
  const chunks = join(dirname(ACTION_BUNDLE), "chunks");
  const names = readdirSync(chunks).map((name) => join(chunks, name));
  return [ACTION_BUNDLE, ...names].reduce((sum, path) => sum + statSync(path).size, 0);
}

export async function measureStartup(runs: number): Promise<StartupFigures> {
  const repo = await startRolloutRepo(1);
  const dir = await mkdtemp(join(tmpdir(), "stagegate-bench-"));
  try {
    // The first run renders the tracking issue; every later one has nothing to do.
    await runAction({ apiUrl: repo.emulator.baseUrl, repository: repo.repository, token: repo.token, now: at(1), metricsValues: healthyMetrics() });
    repo.emulator.requests.reset();
    const check = await runAction(nothingToDo(repo));
    if (check.code !== 0) throw new Error(`the Action failed (exit ${check.code}): ${check.stdout}${check.stderr}`);
    const made = countCalls(repo.emulator.requests.all());
    if (made.writes !== 0) throw new Error("the start-up run wrote to GitHub: it is not a run with nothing to do");
    const probe = join(dir, "cpu-probe.mjs");
    await writeFile(probe, CPU_PROBE);
    const actionDir = join(dir, "action");
    await mkdir(actionDir);
    const { env: actionEnv } = await actionRunEnvironment(nothingToDo(repo), actionDir);
    const [node, action] = (await timeCases(dir, runs, [
      { name: "node -e 0", args: ["--import", probe, "-e", "0"], env: bareEnv() },
      { name: "the Action", args: ["--import", probe, ACTION_BUNDLE], env: actionEnv },
    ])) as [{ wall: number[]; cpu: number[] }, { wall: number[]; cpu: number[] }];
    const nodeMs = median(node.wall);
    const actionMs = median(action.wall);
    const nodeCpuMs = median(node.cpu);
    const actionCpuMs = median(action.cpu);
    return {
      runs,
      nodeMs: round(nodeMs),
      actionMs: round(actionMs),
      ratio: round(actionMs / nodeMs, 2),
      nodeCpuMs: round(nodeCpuMs),
      actionCpuMs: round(actionCpuMs),
      cpuRatio: round(actionCpuMs / nodeCpuMs, 2),
      requests: made.calls,
      bundleBytes: actionBundleBytes(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await repo.emulator.close();
  }
}
