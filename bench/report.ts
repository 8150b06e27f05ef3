// The bench's results: one JSON document (bench/results.json) and the table printed from it.
import type { AcknowledgeFigures } from "./acknowledge-load.js";
import type { ActionCount, ScaleRun } from "./action-operations.js";
import type { OperationCount } from "./app-operations.js";
import type { BudgetResult } from "./budgets.js";
import { describeBudget } from "./budgets.js";
import { routeSummary } from "./call-count.js";
import { minimumCalls } from "./minimums.js";
import type { FlagFigures } from "./flags.js";
import type { ParseCost } from "./parse-cost.js";
import type { ProductionFigures } from "./production.js";
import type { IssueFigures } from "./scale.js";
import type { SoakFigures } from "./soak.js";
import type { StartupFigures } from "./startup.js";
import type { WebhookFigures } from "./webhook-load.js";

export interface ScheduledFigures {
  one: ActionCount;
  many: ActionCount;
  promotes: ActionCount;
  /** Calls every run makes whatever the number of rollouts. */
  fixedCalls: number;
  /** Calls each further rollout adds. */
  callsPerRollout: number;
  /** The first run over the many rollouts, which renders every tracking issue. */
  firstRunMany: ActionCount;
  /** One run over a thousand rollouts (a hundred with --quick), one plan broken. */
  scale: ScaleRun;
}

export interface Results {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadAverage: number[] };
  durationSeconds: number;
  app: OperationCount[];
  scheduled: ScheduledFigures;
  /**
   * Installation tokens the App created over its whole session (the plan PR, nine counted
   * operations, eight simulated days): Probot makes one per installation and caches it for an hour.
   */
  tokenCreations: number;
  webhooks: WebhookFigures[];
  /** A burst of 200 commands acknowledged by 1 replica (in-process queue) and 3 (Redis). */
  acknowledge: AcknowledgeFigures[];
  startup: StartupFigures;
  issue: IssueFigures;
  /** Following a rollout from a service: evaluations and polling (absent in results from before it was measured). */
  flags?: FlagFigures;
  parsing: ParseCost;
  soak: SoakFigures;
  /** The App as `npm run app` runs it and the Action reading Prometheus, beside the fast mode. */
  production?: ProductionFigures;
  budgets: BudgetResult[];
}

const pad = (cells: string[], widths: number[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [pad(header, widths), pad(widths.map((w) => "-".repeat(w)), widths), ...rows.map((r) => pad(r, widths))].join("\n");
}

export function formatResults(r: Results): string {
  const out: string[] = [];
  out.push(`stagegate bench — ${r.generatedAt} — ${r.machine.cpus}× ${r.machine.cpuModel}, Node ${r.machine.node} — ${r.durationSeconds} s`, "");

  out.push("API calls per operation (charged to the rate limit; 304s apart; token creation and GET /app not counted)");
  const appRows = r.app.map((o) => [o.operation, o.cache, String(o.count.calls), String(o.count.notModified), String(minimumCalls(o.operation) ?? "—"), routeSummary(o.count.routes)]);
  const s = r.scheduled;
  const runRows = [s.one, s.promotes].map((o) => [o.operation, `${o.rollouts} rollout`, String(o.count.calls), String(o.count.notModified), String(minimumCalls(o.operation) ?? "—"), routeSummary(o.count.routes)]);
  out.push(table(["operation", "cache", "calls", "304", "min", "routes"], [...appRows, ...runRows]), "");

  out.push("Scheduled run with nothing to do");
  out.push(
    table(
      ["rollouts", "calls", "GraphQL points", "writes", "issue rewrites", "in flight", "wall ms", "peak RSS MB"],
      [s.one, s.many, s.scale].map((o) => [String(o.rollouts), String(o.count.calls), String(o.graphqlPoints), String(o.count.writes), String(o.issueRewrites), String(o.peakInFlight), String(Math.round(o.wallMs)), "maxRssMb" in o ? String(o.maxRssMb) : "—"]),
    ),
  );
  out.push(`${s.scale.rollouts} rollouts: the broken plan (${s.scale.broken.name}) reported "${s.scale.broken.action}: ${s.scale.broken.reason}"; ${s.scale.disturbed} other rollout(s) disturbed`);
  out.push(`fixed per run: ${s.fixedCalls} calls; per rollout: ${s.callsPerRollout} calls; first run over ${s.firstRunMany.rollouts} rollouts (renders every issue): ${s.firstRunMany.count.calls} calls, ${Math.round(s.firstRunMany.wallMs)} ms`);
  out.push(`installation tokens the App created over its whole session: ${r.tokenCreations} (Probot caches one per installation for an hour; not counted per operation)`, "");

  out.push("Webhook handling (loopback; App and a bare Probot app served the same way, alternating)");
  out.push(
    table(
      ["event", "App /s", "App p50/p99 ms", "bare /s", "bare p50/p99 ms", "ratio"],
      r.webhooks.map((w) => [w.event, String(w.app.deliveriesPerSecond), `${w.app.p50Ms} / ${w.app.p99Ms}`, String(w.bare.deliveriesPerSecond), `${w.bare.p50Ms} / ${w.bare.p99Ms}`, String(w.ratio)]),
    ),
    "",
  );

  out.push(`Acknowledgement during a burst of ${r.acknowledge[0]?.deliveries ?? 0} /status deliveries on ten rollouts, all sent at once (GitHub, the sender and each App replica processes of their own); the burst with the median p99 of ${r.acknowledge[0]?.bursts ?? 0}, each to fresh replicas`);
  out.push(
    table(
      ["replicas", "queue", "ack p50 / p99 ms", "every burst's p99 ms", "inside the App p99 ≤ ms", "no handlers: p50 / p99 ms", "sender lag p99 ms", "load average", "answered /s end to end", "each answered once"],
      r.acknowledge.map((a) => [String(a.replicas), a.queue, `${a.ackP50Ms} / ${a.ackP99Ms}`, a.burstP99sMs.join(", "), String(a.appAckP99UpToMs), `${a.baseline.ackP50Ms} / ${a.baseline.ackP99Ms}`, String(a.senderLagP99Ms), String(a.loadAverage), String(a.endToEndPerSecond), a.answeredOnce ? "yes" : "NO"]),
    ),
    "",
  );

  const st = r.startup;
  out.push(`Action start-up (median of ${st.runs} rotating rounds), nothing to do, ${st.requests} requests: CPU ${st.actionCpuMs} ms vs node -e 0 ${st.nodeCpuMs} ms (${st.cpuRatio}×) · wall ${st.actionMs} ms vs ${st.nodeMs} ms (${st.ratio}×) · bundle ${(st.bundleBytes / 1024).toFixed(0)} KiB`, "");

  const i = r.issue;
  out.push(`Tracking issue at GitHub's limit: parse of ${i.bodyChars} characters (${i.items} items) ${i.parseMs} ms, tree ${i.parseHeapMb} MB · render of ${i.renderedChars} characters ${i.renderMs} ms`, "");

  const f = r.flags;
  if (f) {
    out.push(`Flag evaluation: ${f.evaluationsPerSecond}/s of CPU time (${f.evaluationsPerWallSecond}/s of wall time) on the provider's decision path (${f.sdkEvaluationsPerSecond}/s through the OpenFeature SDK client) · polling: ${f.requestsPerPoll} conditional request per interval, ${f.chargedWhenUnchanged} charged over ${f.polls} unchanged polls, ${f.chargedAfterChange} after a change`, "");
  }
  const p = r.parsing;
  out.push(`Reading a seed-shaped file (settings, plan, state), CPU per file: position-keeping way ${p.positionKeepingMs} ms · fast way ${p.fastMs} ms (${p.ratio}× less)`, "");

  out.push(`Soak of the App server, ${r.soak.deliveries} deliveries (${r.soak.mix}), after full GC (MB):`);
  out.push(
    table(
      ["deliveries", "heap used", "heap total", "V8 code", "buffers", "resident", "anonymous", "file-backed"],
      r.soak.points.map((m) => [String(m.deliveries), String(m.heapMb), String(m.heapTotalMb ?? "—"), String(m.codeMb ?? "—"), String(m.externalMb), String(m.rssMb), String(m.rssAnonMb ?? "—"), String(m.rssFileMb ?? "—")]),
    ),
    "",
  );

  const pm = r.production;
  if (pm) {
    out.push(pm.skipped === null ? "Production mode beside fast mode" : `Production mode: not measured — ${pm.skipped}`);
    out.push(table(["App", "tick p50 / max ms", "command p50 / max ms", "how"], pm.app.map((a) => [a.mode, `${a.tick.p50Ms} / ${a.tick.maxMs}`, `${a.command.p50Ms} / ${a.command.maxMs}`, a.how])));
    if (pm.action.length > 0) out.push(table(["Action, nothing to do", "wall ms", "CPU ms", "runs", "how"], pm.action.map((a) => [a.mode, String(a.wallMs), String(a.cpuMs), String(a.runs), a.how])));
    out.push("");
  }

  out.push("Budgets");
  for (const b of r.budgets) out.push(`  ${describeBudget(b)}`);
  return out.join("\n");
}
