// The figures a production deployment sees, beside the fast mode the rest of the bench uses:
// - the App as `npm run app` runs it: build/app.js (scripts/build-app.ts) in a process of its own,
//   with Probot's throttling and retries on (writes at most one a second, as Probot paces them)
//   and JSON logging, gate values read from a real Prometheus;
// - the Action reading the seed's gates from that Prometheus instead of `metrics-values`.
// Prometheus is Debian's /usr/bin/prometheus, started as the tests start it
// (test/metrics/prometheus-harness.ts): a backfilled, known history on a loopback port.
// Latencies are end to end, as a person sees them: from the edit or comment on GitHub (the
// emulator) to the App's commit or reply there.
import { mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../scripts/build-app.js";
import type { RunningEmulator } from "../sandbox/github-emulator/index.js";
import { findPrometheus, startPrometheus, type RunningPrometheus } from "../test/metrics/prometheus-harness.js";
import { appEnv, freePort, startAppProcess, until } from "../test/app/app-process.js";
import { ACTION_BUNDLE, ROOT, actionRunEnvironment, timedNode, type ActionRunOptions } from "./action-process.js";
import { openPlanPullRequest, REPO, startBenchApp, startBenchEmulator, startRollout, stateOnMain, trackingIssueNumber } from "./app-world.js";
import { at, healthyMetrics, planYaml, SETTINGS, startRolloutRepo, type RolloutRepo } from "./rollout-repo.js";
import { median, percentile, round } from "./stats.js";

export interface LatencyFigures {
  samples: number;
  p50Ms: number;
  maxMs: number;
}

export interface AppModeFigures {
  mode: "fast" | "production";
  how: string;
  /** Ticking (and unticking) an exit item until the state file on main records it and the issue shows it. */
  tick: LatencyFigures;
  /** `/status` until the App's reply is on the issue. */
  command: LatencyFigures;
}

export interface ActionModeFigures {
  mode: "fast" | "production";
  how: string;
  runs: number;
  wallMs: number;
  cpuMs: number;
}

export interface ProductionFigures {
  /** Why production mode was not measured (Prometheus missing), or null. */
  skipped: string | null;
  app: AppModeFigures[];
  action: ActionModeFigures[];
}

const MINUTE_MS = 60_000;
const ERROR_RATIO = 0.0005;
const SAVE_SECONDS = 0.8;

/**
 * A healthy history, one sample a minute, around two instants: the Action's `now` (the bench's
 * fixed calendar) and the App's (the wall clock, which `npm run app` uses).
 */
function healthyHistory(windows: Array<{ from: number; to: number }>): string {
  const stamps = windows.flatMap(({ from, to }) => {
    const first = Math.ceil(from / MINUTE_MS) * MINUTE_MS;
    return Array.from({ length: Math.floor((to - first) / MINUTE_MS) + 1 }, (_, i) => (first + i * MINUTE_MS) / 1000);
  });
  const family = (name: string, help: string, value: number) => [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...stamps.map((s) => `${name} ${value} ${s}`)];
  return [...family("save_error_ratio", "Share of playlist saves that failed.", ERROR_RATIO), ...family("save_duration_seconds_avg", "Average time to save a playlist.", SAVE_SECONDS), "# EOF", ""].join("\n");
}

const withPrometheus = (url: string) => `${SETTINGS}metrics:\n  prometheus: { url: ${url} }\n`;
/** The bench's plan with its two gates read from Prometheus. */
const planWithQueries = (name: string) =>
  planYaml(name)
    .replace("- { name: error-rate, below: 0.01 }", "- { name: error-rate, query: save_error_ratio, below: 0.01 }")
    .replace("- { name: save-seconds, below: 2 }", "- { name: save-seconds, query: save_duration_seconds_avg, below: 2 }");

function latency(samples: number[]): LatencyFigures {
  return { samples: samples.length, p50Ms: round(median(samples), 0), maxMs: round(percentile(samples, 100), 0) };
}

const BOT = /\[bot\]$/;

/** Ticks and unticks the exit item, then asks `/status`, `rounds` times each; end-to-end times. */
async function measureApp(emulator: RunningEmulator, rounds: number): Promise<{ tick: number[]; command: number[] }> {
  const w = { emulator };
  const issue = trackingIssueNumber(w);
  const tick: number[] = [];
  const command: number[] = [];
  const recorded = () => stateOnMain(w).approvals.some((a) => a.item === "no-critical-bugs" && a.stage === "internal");
  // The App's rendering of the item: who ticked it is shown once the approval is committed.
  const shown = () => {
    const line = (emulator.repo(REPO).issues.get(issue)?.body ?? "").split("\n").find((l) => l.includes("<!-- stagegate:item exit/internal/no-critical-bugs -->"));
    return line?.includes("✅ @quinn") ?? false;
  };
  const comments = () => (emulator.repo(REPO).issues.get(issue)?.commentIds ?? []).map((id) => emulator.state.comments.get(id)).filter((c) => c !== undefined);
  for (let i = 0; i < rounds; i++) {
    for (const on of [true, false]) {
      const started = performance.now();
      if (on) await emulator.as("quinn").tick(REPO, issue, "exit/internal/no-critical-bugs");
      else await emulator.as("quinn").untick(REPO, issue, "exit/internal/no-critical-bugs");
      // Done when committed and shown on the issue: the next edit must not race the App's rewrite.
      await until(`the ${on ? "tick" : "untick"} committed and shown`, () => (recorded() === on && shown() === on ? true : null), () => "", 60_000);
      tick.push(performance.now() - started);
    }
    const before = comments().filter((c) => BOT.test(c.author)).length;
    const started = performance.now();
    await emulator.as("pam").comment(REPO, issue, "/status");
    await until("the App's answer to /status", () => (comments().filter((c) => BOT.test(c.author)).length > before ? true : null), () => "", 60_000);
    command.push(performance.now() - started);
  }
  return { tick, command };
}

/** The App in process, throttling and retries off, gate values supplied: the rest of the bench's mode. */
async function fastApp(rounds: number): Promise<AppModeFigures> {
  const w = await startBenchApp();
  try {
    const pr = await openPlanPullRequest(w);
    await startRollout(w, pr.number);
    await until("the tracking issue", () => (tryIssue(w.emulator) ? true : null));
    const m = await measureApp(w.emulator, rounds);
    return { mode: "fast", how: "in the bench's process; throttling, retries and logging off; gate values supplied", tick: latency(m.tick), command: latency(m.command) };
  } finally {
    await w.close();
  }
}

function tryIssue(emulator: RunningEmulator): boolean {
  try {
    trackingIssueNumber({ emulator });
    return true;
  } catch {
    return false;
  }
}

/** `npm run app`: build/app.js in its own process against the emulator, Prometheus for gates. */
async function productionApp(prometheus: RunningPrometheus, rounds: number): Promise<AppModeFigures> {
  const dir = await mkdtemp(join(tmpdir(), "stagegate-bench-app-"));
  const emulator = await startBenchEmulator(withPrometheus(prometheus.url));
  let app: Awaited<ReturnType<typeof startAppProcess>> | null = null;
  try {
    // build/app.js leaves its dependencies as imports: they resolve through this link.
    await buildApp(ROOT, dir);
    await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...appEnv(emulator, port),
      ENV_FILE: join(dir, ".env"),
    };
    app = await startAppProcess({ args: [join(dir, "build", "app.js")], cwd: dir, env, port });
    emulator.setWebhookUrl(`${app.base}/api/github/webhooks`);
    const pr = await openPlanPullRequest({ emulator });
    // The App opens the tracking issue while the plan is in review; Probot paces its writes, so
    // the rollout starts only once it has.
    const started = app;
    await until("the tracking issue", () => (tryIssue(emulator) ? true : null), () => started.output().slice(-4000), 60_000);
    await startRollout({ emulator }, pr.number);
    const m = await measureApp(emulator, rounds);
    return { mode: "production", how: "node build/app.js in its own process: Probot's throttling and retries on, JSON logs; gates from Prometheus", tick: latency(m.tick), command: latency(m.command) };
  } finally {
    await app?.stop();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const CPU_PROBE = join(ROOT, "bench", "cpu-probe.mjs");

/** Nothing-to-do runs alternating between supplied gate values and Prometheus queries. */
async function actionModes(prometheus: RunningPrometheus, runs: number): Promise<ActionModeFigures[]> {
  const repo: RolloutRepo = await startRolloutRepo(1, { settings: withPrometheus(prometheus.url), plan: planWithQueries });
  const dir = await mkdtemp(join(tmpdir(), "stagegate-bench-action-"));
  try {
    const base = (now: string, values?: string): ActionRunOptions => ({ apiUrl: repo.emulator.baseUrl, repository: repo.repository, token: repo.token, now, ...(values ? { metricsValues: values } : {}) });
    const modes = [
      { mode: "fast" as const, how: "gate values supplied (metrics-values)", options: base(at(2), healthyMetrics(1)) },
      { mode: "production" as const, how: "gates queried from Prometheus (two gates, one rollback rule, one alert)", options: base(at(2)) },
    ];
    // The first run renders the tracking issue; every later one has nothing to do.
    const first = await runOnce(dir, base(at(1)));
    if (first.code !== 0) throw new Error(`the Action failed:\n${first.stdout}${first.stderr}`);
    const samples = modes.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
    for (let i = 0; i < runs; i++) {
      for (let k = 0; k < modes.length; k++) {
        const at = (i + k) % modes.length;
        const mode = modes[at] as (typeof modes)[number];
        const run = await runOnce(dir, mode.options);
        if (run.code !== 0 || !/rollouts<</.test(run.output)) throw new Error(`the Action failed (${mode.mode}):\n${run.stdout}${run.stderr}`);
        if (mode.mode === "production" && /metrics-values|no value for gate/.test(run.stdout)) throw new Error(`the production run did not read Prometheus:\n${run.stdout}`);
        samples[at]?.wall.push(run.wallMs);
        samples[at]?.cpu.push(run.cpuMs);
      }
      // Keep the workflow token inside its hourly budget.
      repo.emulator.clock.advance(3_600_000);
    }
    return modes.map((m, k) => ({ mode: m.mode, how: m.how, runs, wallMs: round(median(samples[k]?.wall ?? []), 0), cpuMs: round(median(samples[k]?.cpu ?? []), 1) }));
  } finally {
    await rm(dir, { recursive: true, force: true });
    await repo.emulator.close();
  }
}

async function runOnce(dir: string, options: ActionRunOptions): Promise<{ code: number; wallMs: number; cpuMs: number; stdout: string; stderr: string; output: string }> {
  const { env, output } = await actionRunEnvironment(options, dir);
  const run = await timedNode(["--import", CPU_PROBE, ACTION_BUNDLE], env);
  const cpu = /stagegate-bench-cpu-us=(\d+)/.exec(run.stderr);
  return { ...run, cpuMs: cpu ? Number(cpu[1]) / 1000 : Number.NaN, output: await readFile(output, "utf8") };
}

export async function measureProduction(options: { appRounds: number; actionRuns: number }): Promise<ProductionFigures> {
  const binaries = findPrometheus();
  const fast = await fastApp(options.appRounds);
  if ("missing" in binaries) return { skipped: `Prometheus is not installed (missing ${binaries.missing.join(", ")}; Debian package prometheus)`, app: [fast], action: [] };
  const now = Date.now();
  const actionNow = Date.parse(at(2));
  const prometheus = await startPrometheus(binaries, healthyHistory([{ from: actionNow - 6 * 60 * MINUTE_MS, to: actionNow + 60 * MINUTE_MS }, { from: now - 3 * 60 * MINUTE_MS, to: now }]));
  try {
    const production = await productionApp(prometheus, options.appRounds);
    const action = await actionModes(prometheus, options.actionRuns);
    return { skipped: null, app: [fast, production], action };
  } finally {
    await prometheus.stop();
  }
}
