// `npm run bench`: measures what stagegate costs — GitHub API calls per operation, webhook
// handling against a bare Probot app, the Action's start-up against `node -e 0`, and scale —
// writes bench/results.json, prints a table, and exits non-zero naming every budget that failed.
// Each figure is measured in the same run as its baseline, so the ratios hold on a noisy machine.
//   npm run bench              the full run (a few minutes on a 2-core machine)
//   npm run bench -- --quick   fewer rounds and 10 rollouts instead of 100 (a smoke run)
//   npm run bench -- --out <file>   write the results elsewhere than bench/results.json
import { writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { nothingToDo, promotes, scaleRun } from "./action-operations.js";
import { ROOT } from "./action-process.js";
import { ACK_P99_BUDGET_MS, measureAcknowledgement, type AcknowledgeFigures } from "./acknowledge-load.js";
import { measureAppOperations } from "./app-operations.js";
import { failures, judge, type BudgetResult } from "./budgets.js";
import { routeSummary } from "./call-count.js";
import { formatResults, type Results, type ScheduledFigures } from "./report.js";
import { measureFlags, type FlagFigures } from "./flags.js";
import { measureParseCost } from "./parse-cost.js";
import { measureProduction } from "./production.js";
import { soak, type SoakFigures } from "./soak.js";
import { measureBigIssue } from "./scale.js";
import { measureStartup } from "./startup.js";
import { measureIgnoredEvents, measureTicks } from "./webhook-load.js";

export interface BenchOptions {
  quick: boolean;
  /** Where results.json goes (default bench/results.json). */
  out?: string;
  log?: (line: string) => void;
}

export const TICK_BUDGET = 5;
export const EVALUATIONS_PER_SECOND_BUDGET = 1_000_000;
/** Charged calls of a scheduled run with nothing to do, whatever the number of rollouts. */
export const NOTHING_TO_DO_BUDGET = 3;
/** CPU time of a real nothing-to-do run over `node -e 0`'s, in the same rounds. */
export const STARTUP_CPU_BUDGET = 3.5;
/** GitHub's limit of requests in flight at once per token. */
export const IN_FLIGHT_LIMIT = 100;

export async function runBench(options: BenchOptions): Promise<Results> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const many = options.quick ? 10 : 100;

  log("App operations…");
  const { operations: app, tokenCreations } = await measureAppOperations();
  log("scheduled runs…");
  const one = await nothingToDo(1);
  const hundred = await nothingToDo(many);
  const promoted = await promotes(1);
  log(`${options.quick ? 100 : 1000} rollouts in one run…`);
  const scale = await scaleRun(options.quick ? 100 : 1000);
  const perRollout = (hundred.nothing.count.calls - one.nothing.count.calls) / (many - 1);
  const scheduled: ScheduledFigures = { one: one.nothing, many: hundred.nothing, promotes: promoted, fixedCalls: one.nothing.count.calls - perRollout, callsPerRollout: perRollout, firstRunMany: hundred.first, scale };

  log("webhooks…");
  const load = options.quick ? { perRound: 50, rounds: 2, concurrency: 4, ticks: 2 } : { perRound: 200, rounds: 30, concurrency: 8, ticks: 40 };
  const webhooks = [await measureIgnoredEvents(load), await measureTicks(load)];
  log("acknowledgement during a burst of commands, 1 and 3 replicas…");
  const bursts = options.quick ? 1 : 3;
  const acknowledge = [await measureAcknowledgement(1, bursts), await measureAcknowledgement(3, bursts)];
  log("Action start-up…");
  const startup = await measureStartup(options.quick ? 3 : 31);
  log("tracking issue at its size limit…");
  const issue = measureBigIssue(options.quick ? 2 : 9);
  log("flag evaluations and polling…");
  const flags = await measureFlags(options.quick);

  log(`soak of ${options.quick ? "2,000" : "10,000"} deliveries…`);
  const soaked = await soak(options.quick ? 2000 : 10_000, options.quick ? [1000] : [1000, 2500, 5000, 7500]);
  log("parsing, both ways…");
  const parsing = measureParseCost(options.quick ? 2 : 10);
  log("production mode: the App as `npm run app` runs it, the Action reading Prometheus…");
  const production = await measureProduction(options.quick ? { appRounds: 1, actionRuns: 3 } : { appRounds: 3, actionRuns: 7 });

  const budgets = [...checkBudgets({ app, scheduled, webhooks, startup }), ...acknowledgeBudgets(acknowledge), ...flagBudgets(flags), ...soakBudgets(soaked)];
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? "unknown", node: process.version, platform: process.platform, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) },
    durationSeconds: Math.round((performance.now() - started) / 1000),
    app,
    scheduled,
    tokenCreations,
    webhooks,
    acknowledge,
    startup,
    issue,
    flags,
    parsing,
    soak: soaked,
    production,
    budgets,
  };
  await writeFile(options.out ?? join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** Heap after GC at the end of the soak over heap at 1,000 deliveries. */
export const SOAK_HEAP_GROWTH_BUDGET = 1.1;

export function soakBudgets(soaked: SoakFigures): BudgetResult[] {
  const [first, last] = [soaked.points[0], soaked.points.at(-1)];
  const detail = `heap after GC ${first?.heapMb} MB at ${first?.deliveries} → ${last?.heapMb} MB at ${last?.deliveries}; resident ${first?.rssMb} → ${last?.rssMb} MB`;
  return [judge({ name: `soak of ${soaked.deliveries} deliveries: heap growth`, measured: soaked.heapGrowth, limit: SOAK_HEAP_GROWTH_BUDGET, unit: "×", kind: "max", detail })];
}

export function checkBudgets(r: Pick<Results, "app" | "scheduled" | "webhooks" | "startup">): BudgetResult[] {
  const budgets: BudgetResult[] = [];
  for (const op of r.app.filter((o) => o.operation.startsWith("tick") && o.cache === "steady")) {
    budgets.push(judge({ name: op.operation, measured: op.count.calls, limit: TICK_BUDGET, unit: "calls", kind: "max", detail: "charged to the rate limit, App with warm conditional caches" }));
  }
  const { one, many, scale } = r.scheduled;
  for (const run of [one, many, scale]) {
    const name = `nothing to do, ${run.rollouts} rollout(s)`;
    budgets.push(judge({ name: `${name}: charged calls`, measured: run.count.calls, limit: NOTHING_TO_DO_BUDGET, unit: "calls", kind: "max", detail: `${routeSummary(run.count.routes)}; ${run.graphqlPoints} GraphQL point(s)` }));
    budgets.push(judge({ name: `${name}: writes`, measured: run.count.writes, limit: 0, unit: "writes", kind: "max", detail: `tracking issue rewrites: ${run.issueRewrites}` }));
    budgets.push(judge({ name: `${name}: requests in flight at once`, measured: run.peakInFlight, limit: IN_FLIGHT_LIMIT, unit: "requests", kind: "max", detail: "GitHub's limit per token" }));
  }
  budgets.push(judge({ name: `${scale.rollouts} rollouts, one plan broken: others disturbed`, measured: scale.disturbed + (scale.broken.action === "error" ? 0 : 1), limit: 0, unit: "rollouts", kind: "max", detail: `${scale.broken.name}: ${scale.broken.action} — ${scale.broken.reason}` }));
  const ignored = r.webhooks[0];
  if (ignored) budgets.push(judge({ name: "ignored deliveries vs bare Probot", measured: ignored.ratio, limit: 0.8, unit: "× throughput", kind: "min", detail: `${ignored.app.deliveriesPerSecond}/s vs ${ignored.bare.deliveriesPerSecond}/s, median of paired rounds` }));
  const st = r.startup;
  budgets.push(judge({ name: "Action start-up vs node -e 0, CPU time", measured: st.cpuRatio, limit: STARTUP_CPU_BUDGET, unit: "×", kind: "max", detail: `${st.actionCpuMs} ms vs ${st.nodeCpuMs} ms of CPU; wall ${st.actionMs} ms vs ${st.nodeMs} ms (${st.ratio}×)` }));
  budgets.push(judge({ name: "Action bundle size", measured: r.startup.bundleBytes, limit: 1_000_000, unit: "bytes", kind: "below", detail: "dist/index.js and dist/chunks/ as committed" }));
  return budgets;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes("--quick");
  const outAt = process.argv.indexOf("--out");
  const out = outAt >= 0 ? process.argv[outAt + 1] : undefined;
  const results = await runBench({ quick, ...(out ? { out } : {}), log: (line) => process.stderr.write(`bench: ${line}\n`) });
  console.log(formatResults(results));
  const failed = failures(results.budgets);
  if (failed.length > 0) {
    console.error(`\n${failed.length} budget(s) failed:\n${failed.join("\n")}`);
    process.exitCode = 1;
  }
}

/** Following a rollout from a service: evaluations per second and what polling costs. */
export function flagBudgets(f: FlagFigures): BudgetResult[] {
  return [
    judge({ name: "flag evaluations", measured: f.evaluationsPerSecond, limit: EVALUATIONS_PER_SECOND_BUDGET, unit: "/s", kind: "min", detail: `per second of the evaluating thread's CPU time (${f.evaluationsPerWallSecond}/s of wall time), the provider's decision path on its in-memory state, median of rounds (through the OpenFeature SDK client: ${f.sdkEvaluationsPerSecond}/s)` }),
    judge({ name: "flag polling: requests per interval", measured: f.requestsPerPoll, limit: 1, unit: "requests", kind: "max", detail: `${f.polls} polls of an unchanged state file through the GitHub source` }),
    judge({ name: "flag polling: charged when unchanged", measured: f.chargedWhenUnchanged, limit: 0, unit: "calls", kind: "max", detail: `over ${f.polls} polls (304 Not Modified is not charged); the poll after a change: ${f.chargedAfterChange}` }),
  ];
}

/** Webhooks answered at once, whatever the burst, and every command answered exactly once. */
export function acknowledgeBudgets(acknowledge: AcknowledgeFigures[]): BudgetResult[] {
  return acknowledge.flatMap((a) => [
    judge({ name: `acknowledgement p99, ${a.replicas} replica(s)`, measured: a.ackP99Ms, limit: ACK_P99_BUDGET_MS, unit: "ms", kind: "below", detail: `${a.deliveries} command deliveries at once, ${a.queue} queue, the median of ${a.bursts} burst(s) (p99s ${a.burstP99sMs.join(", ")} ms); p50 ${a.ackP50Ms} ms; inside the App p99 ≤ ${a.appAckP99UpToMs} ms; with no handlers p99 ${a.baseline.ackP99Ms} ms (${a.baseline.burstP99sMs.join(", ")}); load average ${a.loadAverage}` }),
    judge({ name: `every command answered exactly once, ${a.replicas} replica(s)`, measured: a.answeredOnce ? 1 : 0, limit: 1, unit: "", kind: "min", detail: `one 🚀 and one reply each; ${a.endToEndPerSecond} answered/s end to end` }),
  ]);
}
