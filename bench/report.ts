// The bench's results: one JSON document (bench/results.json) and the table printed from it.
import type { ActionCount } from "./action-operations.js";
import type { OperationCount } from "./app-operations.js";
import type { BudgetResult } from "./budgets.js";
import { describeBudget } from "./budgets.js";
import { routeSummary } from "./call-count.js";
import { minimumCalls } from "./minimums.js";
import type { FlagFigures } from "./flags.js";
import type { IssueFigures } from "./scale.js";
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
  startup: StartupFigures;
  issue: IssueFigures;
  /** Following a rollout from a service: evaluations and polling (absent in results from before it was measured). */
  flags?: FlagFigures;
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
      ["rollouts", "calls", "reads", "writes", "issue rewrites", "wall ms"],
      [s.one, s.many].map((o) => [String(o.rollouts), String(o.count.calls), String(o.count.reads), String(o.count.writes), String(o.issueRewrites), String(Math.round(o.wallMs))]),
    ),
  );
  out.push(`fixed per run: ${s.fixedCalls} reads; per rollout: ${s.callsPerRollout} reads; first run over ${s.firstRunMany.rollouts} rollouts (renders every issue): ${s.firstRunMany.count.calls} calls, ${Math.round(s.firstRunMany.wallMs)} ms`);
  out.push(`installation tokens the App created over its whole session: ${r.tokenCreations} (Probot caches one per installation for an hour; not counted per operation)`, "");

  out.push("Webhook handling (loopback; App and a bare Probot app served the same way, alternating)");
  out.push(
    table(
      ["event", "App /s", "App p50/p99 ms", "bare /s", "bare p50/p99 ms", "ratio"],
      r.webhooks.map((w) => [w.event, String(w.app.deliveriesPerSecond), `${w.app.p50Ms} / ${w.app.p99Ms}`, String(w.bare.deliveriesPerSecond), `${w.bare.p50Ms} / ${w.bare.p99Ms}`, String(w.ratio)]),
    ),
    "",
  );

  const st = r.startup;
  out.push(`Action start-up (median of ${st.runs} alternating runs): node -e 0 ${st.nodeMs} ms · node dist/index.js, nothing to do ${st.actionMs} ms (${st.ratio}×) · bundle ${(st.bundleBytes / 1024).toFixed(0)} KiB`);
  out.push(`  each part alone in a fresh process: its ${st.requests} requests ${st.requestsOnlyMs} ms (one request ${st.oneRequestMs} ms) · the zone's offset through Intl ${st.timeZoneOnlyMs} ms (through Date with TZ set ${st.timeZoneByTzMs} ms) · the three files through yaml ${st.yamlOnlyMs} ms (js-yaml ${st.smallestYamlOnlyMs} ms) · a log line ${st.logLineMs} ms`);
  out.push(`  floor (node -e 0 + one request + the cheaper zone offset + the cheaper YAML reader + a log line): ${st.floorMs} ms (${st.floorRatio}×)`, "");

  const i = r.issue;
  out.push(`Tracking issue at GitHub's limit: parse of ${i.bodyChars} characters (${i.items} items) ${i.parseMs} ms, tree ${i.parseHeapMb} MB · render of ${i.renderedChars} characters ${i.renderMs} ms`, "");

  const f = r.flags;
  if (f) {
    out.push(`Flag evaluation: ${f.evaluationsPerSecond}/s on the provider's decision path (${f.sdkEvaluationsPerSecond}/s through the OpenFeature SDK client) · polling: ${f.requestsPerPoll} conditional request per interval, ${f.chargedWhenUnchanged} charged over ${f.polls} unchanged polls, ${f.chargedAfterChange} after a change`, "");
  }

  out.push("Budgets");
  for (const b of r.budgets) out.push(`  ${describeBudget(b)}`);
  return out.join("\n");
}
