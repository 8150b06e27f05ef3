// The job summary: the page a person opens to learn what the clock did and why. One table of
// every rollout (where it stands, what was done, what holds it back, when it may move next),
// then per rollout what holds it back, the changes made (or in a dry run, that would be made),
// and the tracking issue's Mermaid timeline.
import type * as core from "@actions/core";
import type { Blocker, GateJudgement } from "../core/decisions.js";
import { progressBar } from "../core/tracking-issue/format.js";
import { timelineLines } from "../core/tracking-issue/timeline-chart.js";
import type { RolloutReport, RunReport } from "./report.js";

type Summary = typeof core.summary;

/** Appends the whole report to `summary` (the caller writes it). */
export function buildSummary(summary: Summary, run: RunReport): Summary {
  summary.addHeading("stagegate", 2);
  const mode = run.dryRun ? " — <strong>dry run</strong>: nothing below was applied" : "";
  summary.addRaw(`<p>Run on <code>${html(run.event)}</code> at ${utc(run.now.toISOString())}${mode}.</p>`, true);

  if (run.problems.length > 0) {
    summary.addHeading("Problems", 3);
    summary.addList(run.problems.map((p) => html(`${p.file}:${p.line}:${p.col}: ${p.message}`)));
  }
  if (run.rollouts.length === 0) {
    summary.addRaw("<p>No rollout plans found.</p>", true);
    return summary;
  }

  summary.addTable([
    ["Rollout", "Stage", "Percent", "Status", "Action", "Why", "Next eligible", "Gates", "Timers"].map((data) => ({ data, header: true })),
    ...run.rollouts.map((r) => [
      html(r.name),
      html(r.state?.stage ?? "—"),
      r.state ? `<code>${progressBar(r.state.percent)}</code>` : "—",
      html(r.state?.status ?? (r.action === "error" ? "broken plan" : "not started")),
      r.action,
      html(r.reason),
      r.eligibility?.earliest ? utc(r.eligibility.earliest) : "—",
      gatesCell(r.eligibility?.gates ?? []),
      timersCell(r.eligibility?.blockers ?? []),
    ]),
  ]);

  for (const r of run.rollouts) rolloutSection(summary, run, r);
  return summary;
}

function rolloutSection(summary: Summary, run: RunReport, r: RolloutReport): void {
  summary.addHeading(html(r.name), 3);
  if (r.problems.length > 0) {
    summary.addList(r.problems.map((p) => html(`${p.file}:${p.line}:${p.col}: ${p.message}`)));
  }
  const blockers = r.eligibility?.blockers ?? [];
  if (blockers.length > 0 && r.action !== "error") {
    summary.addRaw("<p>Holding the next promotion:</p>", true);
    summary.addList(blockers.map((b) => html(b.message)));
  }
  if (r.change) {
    const verb = run.dryRun ? "Would apply" : "Applied";
    const parts: string[] = [];
    if (r.change.commit) {
      parts.push(`Commit to <code>${html(r.change.commit.path)}</code>: ${html(r.change.commit.message)}`);
      parts.push(`<pre lang="diff"><code>${html(r.change.commit.diff)}</code></pre>`);
    }
    for (const body of r.change.comments) parts.push(`Comment on the tracking issue:<blockquote>${html(body).replace(/\n/g, "<br>")}</blockquote>`);
    if (r.change.renderIssue) parts.push("Re-render the tracking issue.");
    summary.addDetails(`${verb}: ${r.change.commit ? "1 commit" : "no commit"}, ${r.change.comments.length} comment(s)`, parts.join("\n"));
  }
  if (r.plan && run.settings) {
    // The tracking issue's chart, so the summary and the issue draw the same timeline.
    const chart = timelineLines({ plan: r.plan, settings: run.settings, state: r.state, signoffs: [], eligibility: r.eligibility, now: run.now });
    summary.addRaw(`\n${chart.filter((line) => !line.startsWith("### ")).join("\n").trim()}\n`, true);
  }
}

function gatesCell(gates: GateJudgement[]): string {
  if (gates.length === 0) return "—";
  const icon = { pass: "✅", fail: "❌", "no-data": "⏸️", error: "⚠️", "not-evaluated": "➖" } as const;
  return gates
    .map((g) => `${icon[g.status]} ${html(g.gate)}: ${g.value === null ? g.status : String(g.value)} (needs ${html(g.threshold)}${g.window ? ` over ${html(g.window)}` : ""})`)
    .join("<br>");
}

function timersCell(blockers: Blocker[]): string {
  const timers = blockers.filter((b) => b.kind === "bake" || b.kind === "calendar").map((b) => html(b.message));
  return timers.length > 0 ? timers.join("<br>") : "—";
}

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** The summary is HTML: plan text and reasons must never become markup. */
export function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
