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
import { nothingToDo, promotes } from "./action-operations.js";
import { ROOT } from "./action-process.js";
import { measureAppOperations } from "./app-operations.js";
import { failures, judge, type BudgetResult } from "./budgets.js";
import { formatResults, type Results, type ScheduledFigures } from "./report.js";
import { measureFlags } from "./flags.js";
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
export const READS_PER_ROLLOUT_BUDGET = 2;
export const EVALUATIONS_PER_SECOND_BUDGET = 1_000_000;

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
  const perRollout = (hundred.nothing.count.calls - one.nothing.count.calls) / (many - 1);
  const scheduled: ScheduledFigures = { one: one.nothing, many: hundred.nothing, promotes: promoted, fixedCalls: one.nothing.count.calls - perRollout, callsPerRollout: perRollout, firstRunMany: hundred.first };

  log("webhooks…");
  const load = options.quick ? { perRound: 50, rounds: 2, concurrency: 4, ticks: 2 } : { perRound: 200, rounds: 30, concurrency: 8, ticks: 40 };
  const webhooks = [await measureIgnoredEvents(load), await measureTicks(load)];
  log("Action start-up…");
  const startup = await measureStartup(options.quick ? 3 : 31);
  log("tracking issue at its size limit…");
  const issue = measureBigIssue(options.quick ? 2 : 9);
  log("flag evaluations and polling…");
  const flags = await measureFlags(options.quick);

  const budgets = checkBudgets({ app, scheduled, webhooks, startup, flags });
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? "unknown", node: process.version, platform: process.platform, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) },
    durationSeconds: Math.round((performance.now() - started) / 1000),
    app,
    scheduled,
    tokenCreations,
    webhooks,
    startup,
    issue,
    flags,
    budgets,
  };
  await writeFile(options.out ?? join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

export function checkBudgets(r: Pick<Results, "app" | "scheduled" | "webhooks" | "startup"> & Partial<Pick<Results, "flags">>): BudgetResult[] {
  const budgets: BudgetResult[] = [];
  for (const op of r.app.filter((o) => o.operation.startsWith("tick") && o.cache === "steady")) {
    budgets.push(judge({ name: op.operation, measured: op.count.calls, limit: TICK_BUDGET, unit: "calls", kind: "max", detail: "charged to the rate limit, App with warm conditional caches" }));
  }
  const { one, many, callsPerRollout } = r.scheduled;
  budgets.push(judge({ name: "nothing to do: reads per rollout", measured: callsPerRollout, limit: READS_PER_ROLLOUT_BUDGET, unit: "reads", kind: "max", detail: `(${many.count.calls} − ${one.count.calls}) / (${many.rollouts} − 1)` }));
  for (const run of [one, many]) {
    budgets.push(judge({ name: `nothing to do, ${run.rollouts} rollout(s): writes`, measured: run.count.writes, limit: 0, unit: "writes", kind: "max", detail: `tracking issue rewrites: ${run.issueRewrites}` }));
  }
  const ignored = r.webhooks[0];
  if (ignored) budgets.push(judge({ name: "ignored deliveries vs bare Probot", measured: ignored.ratio, limit: 0.8, unit: "× throughput", kind: "min", detail: `${ignored.app.deliveriesPerSecond}/s vs ${ignored.bare.deliveriesPerSecond}/s, median of paired rounds` }));
  budgets.push(judge({ name: "Action start-up vs node -e 0", measured: r.startup.ratio, limit: 2, unit: "×", kind: "max", detail: `${r.startup.actionMs} ms vs ${r.startup.nodeMs} ms; floor of one request, a zone offset, the YAML and a log line alone: ${r.startup.floorMs} ms (${r.startup.floorRatio}×)` }));
  budgets.push(judge({ name: "Action bundle size", measured: r.startup.bundleBytes, limit: 1_000_000, unit: "bytes", kind: "below", detail: "dist/index.js and dist/chunks/ as committed" }));
  const f = r.flags;
  if (f) {
    budgets.push(judge({ name: "flag evaluations", measured: f.evaluationsPerSecond, limit: EVALUATIONS_PER_SECOND_BUDGET, unit: "/s", kind: "min", detail: `the provider's decision path on its in-memory state, median of rounds (through the OpenFeature SDK client: ${f.sdkEvaluationsPerSecond}/s)` }));
    budgets.push(judge({ name: "flag polling: requests per interval", measured: f.requestsPerPoll, limit: 1, unit: "requests", kind: "max", detail: `${f.polls} polls of an unchanged state file through the GitHub source` }));
    budgets.push(judge({ name: "flag polling: charged when unchanged", measured: f.chargedWhenUnchanged, limit: 0, unit: "calls", kind: "max", detail: `over ${f.polls} polls (304 Not Modified is not charged); the poll after a change: ${f.chargedAfterChange}` }));
  }
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
