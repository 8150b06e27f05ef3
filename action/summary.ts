// The job summary: what a workflow author needs in one screen. A five-column table of every
// rollout (where it stands, what this run did, when it may move next), then per rollout what
// holds it back, the health gates, the change made (or in a dry run, that would be made) and the
// tracking issue's Mermaid timeline.
//
// GitHub renders the summary as Markdown with HTML allowed, and Markdown is not parsed inside an
// HTML block until a blank line ends it. So HTML is used only where Markdown has no equal (the
// table's line breaks, `<details>`), every `<details>` opens with a blank line after its summary,
// and what is Markdown already (comment bodies, which escape what people typed) is quoted as
// Markdown, never HTML-escaped a second time.
import type * as core from "@actions/core";
import type { Blocker, GateJudgement } from "../core/decisions.js";
import { fitText } from "../core/github-limits.js";
import { escapeMarkdownInline } from "../core/markdown/escape.js";
import { fileLink, progressBar } from "../core/tracking-issue/format.js";
import { timelineLines } from "../core/tracking-issue/timeline-chart.js";
import type { RecordedWrite } from "../runtime/write-recorder.js";
import type { RolloutReport, RunReport } from "./report.js";
import { countWrites, describeWrite } from "./write-text.js";

type Summary = typeof core.summary;

export interface SummaryOptions {
  /** `https://github.com/acme/music`: plan and state paths link to the files on the default branch. */
  repoUrl?: string;
}

/** Diff lines longer than this are cut: a history line with a long reason would widen the page. */
const DIFF_LINE_MAX = 100;

/**
 * One write's content is cut past this many characters in the summary (the log has it whole):
 * the whole page must stay under GitHub's 1 MiB, and a tracking issue's body alone may be 64 KiB.
 */
const SUMMARY_CONTENT_MAX = 16_000;

/** Appends the whole report to `summary` (the caller writes it). */
export function buildSummary(summary: Summary, run: RunReport, options: SummaryOptions = {}): Summary {
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
    ["Rollout", "Stage", "Status", "This run", "Next eligible"].map((data) => ({ data, header: true })),
    ...run.rollouts.map((r) => [html(r.name), stageCell(r), html(r.state?.status ?? (r.action === "error" ? "broken plan" : "not started")), `<strong>${html(r.action)}</strong>: ${html(r.reason)}`, nextEligible(run, r)]),
  ]);

  for (const r of run.rollouts) rolloutSection(summary, run, r, options);
  return summary;
}

/** `ten 10%` over a bar that never wraps (its spaces are no-break spaces). */
function stageCell(r: RolloutReport): string {
  if (r.state === null) return "—";
  return `${html(r.state.stage)}<br><code>${progressBar(r.state.percent).replace(/ /g, "\u00A0")}</code>`;
}

/** The earliest promotion, or why there is none; never an instant already past. */
function nextEligible(run: RunReport, r: RolloutReport): string {
  const e = r.eligibility;
  if (e === null || e.next === null) return "—";
  if (e.blockers.some((b) => b.kind === "status")) return r.state?.status === "paused" || r.state?.status === "rolled-back" ? "after <code>/resume</code>" : "—";
  if (e.earliest === null) return "not in sight";
  return Date.parse(e.earliest) <= run.now.getTime() ? (e.eligible ? "now" : "when unblocked") : utc(e.earliest);
}

function rolloutSection(summary: Summary, run: RunReport, r: RolloutReport, options: SummaryOptions): void {
  // The blank line ends the HTML block the table above opened: without it this is not Markdown.
  const lines = ["", `### ${md(r.name)}`, ""];
  lines.push(`Plan ${file(r.planPath, options)}${r.plan ? ` · state file ${file(r.plan.statePath, options)}` : ""}`, "");
  for (const p of r.problems) lines.push(`- ${md(`${p.file}:${p.line}:${p.col}: ${p.message}`)}`);
  if (r.problems.length > 0) lines.push("");
  const blockers = r.eligibility?.blockers ?? [];
  if (blockers.length > 0 && r.action !== "error" && r.state?.status !== "complete") {
    lines.push("**Holding the next promotion:**", "");
    for (const b of blockers) lines.push(`- ${ICONS[b.kind]} ${md(b.message)}`);
    lines.push("");
  }
  for (const note of r.notes ?? []) lines.push(`ℹ️ ${md(note)}`, "");
  summary.addRaw(lines.join("\n"), true);
  const gates = r.eligibility?.gates ?? [];
  if (gates.length > 0) summary.addRaw(gatesDetails(gates), true);
  if (r.writes.length > 0) summary.addRaw(writesDetails(run, r.writes, options), true);
  if (r.plan && run.settings) {
    // The tracking issue's chart, so the summary and the issue draw the same timeline.
    const chart = timelineLines({ plan: r.plan, settings: run.settings, state: r.state, signoffs: [], eligibility: r.eligibility, now: run.now });
    summary.addRaw(`\n${chart.filter((line) => !line.startsWith("### ")).join("\n").trim()}\n`, true);
  }
}

const ICONS: Record<Blocker["kind"], string> = { status: "⏸️", "last-stage": "🏁", items: "☑️", bake: "⏳", gate: "📉", calendar: "🗓️", "hand-edit": "✋", "role-lapsed": "👥" };
const GATE_ICONS: Record<GateJudgement["status"], string> = { pass: "✅", fail: "❌", "no-data": "⚪", error: "⚠️", "not-evaluated": "➖" };

/** Folded: passing gates are one line; a failing one opens with its count in the summary line. */
function gatesDetails(gates: GateJudgement[]): string {
  const failing = gates.filter((g) => g.status !== "pass").length;
  const title = failing === 0 ? `Health gates: all ${gates.length} pass` : `Health gates: ${failing} of ${gates.length} not passing`;
  const rows = gates.map((g) => `| ${GATE_ICONS[g.status]} ${md(g.gate)} | ${g.value === null ? md(g.status) : String(g.value)} | ${md(g.threshold)}${g.window ? ` over ${md(g.window)}` : ""} |`);
  return [`<details${failing > 0 ? " open" : ""}><summary>${html(title)}</summary>`, "", "| Gate | Value | Needs |", "| --- | ---: | --- |", ...rows, "", "</details>", ""].join("\n");
}

/** Every write, in order: its kind and target on one line, then what it carries. */
function writesDetails(run: RunReport, writes: RecordedWrite[], options: SummaryOptions): string {
  const parts = [`<details><summary>${html(`${run.dryRun ? "Would apply" : "Applied"}: ${countWrites(writes)}`)}</summary>`, ""];
  for (const [i, recorded] of writes.entries()) {
    const { headline, content } = describeWrite(recorded);
    const write = recorded.write;
    // The commit's path is linked, the rest of the line is text.
    parts.push(`${i + 1}. ${write.kind === "commit-file" ? `commit ${file(write.path, options)} to ${md(write.branch)}: ${md(write.message)}` : md(headline)}`, "");
    if (content === null) continue;
    const text = fitText(content.text, SUMMARY_CONTENT_MAX);
    if (write.kind === "comment") {
      // Already Markdown, with what people typed escaped: quoted as it reads on the issue, hidden markers dropped.
      const shown = text.replace(/<!--[\s\S]*?-->/g, "").trim();
      parts.push(shown.split("\n").map((line) => (line === "" ? ">" : `> ${line}`)).join("\n"), "");
    } else if (content.lang === "diff") {
      parts.push(fence("diff", clipLines(text)), "");
    } else {
      // An issue body or a check run's output, as the source GitHub is sent (task lists and charts would not render here as they do there).
      parts.push(`<details><summary>${html(content.label)}</summary>`, "", fence(content.lang === "markdown" ? "markdown" : "text", text), "", "</details>", "");
    }
  }
  parts.push("</details>", "");
  return parts.join("\n");
}

// A relative link would resolve against the run's page, not the repository: text without an address.
const file = (path: string, options: SummaryOptions): string => (options.repoUrl === undefined ? md(path) : fileLink(path, options.repoUrl));

function clipLines(text: string): string {
  return text
    .split("\n")
    .map((line) => (Array.from(line).length <= DIFF_LINE_MAX ? line : `${Array.from(line).slice(0, DIFF_LINE_MAX - 1).join("")}…`))
    .join("\n");
}

/** A fenced code block whose fence is longer than any backtick run inside it. */
function fence(lang: string, body: string): string {
  const longest = Math.max(2, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}\n${body}\n${ticks}`;
}

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

const md = (text: string): string => escapeMarkdownInline(text);

/** The summary's HTML parts: plan text and reasons must never become markup. */
export function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
