// A Mermaid gantt chart of the rollout: the stages served so far (from the history), pauses,
// the stage being served, and a projection of the rest from the end of the current bake (the
// same simulation `stagegate simulate` prints, so the two agree). Every bar is drawn from
// instants the state and the plan fix, never from the time of rendering: a chart that grew with
// the clock would rewrite the tracking issue on every run of the clock.
import { bakeEnd } from "../bake.js";
import type { HistoryEntry, Plan, RolloutState, Settings } from "../model.js";
import { simulate } from "../simulate.js";
import { hasStarted } from "./summary.js";
import type { TrackingIssueView } from "./view.js";

interface Bar {
  label: string;
  tags: string[];
  start: number;
  end: number;
}

/** Oldest stays first; only the newest segments are drawn so the chart stays readable. */
export const MAX_SEGMENTS = 30;

// History actions that move the rollout into the stage named in `to`.
const ENTERS = new Set<HistoryEntry["action"]>(["start", "promote", "force-promote", "rollback"]);
const MINUTE = 60_000;

/** The chart as a fenced ```mermaid block, or a note when there is nothing to draw yet. */
export function timelineLines(view: TrackingIssueView): string[] {
  const { plan, state, settings } = view;
  const percentOf = new Map(plan.stages.map((s) => [s.name, s.percent]));
  const label = (stage: string) => barLabel(stage, percentOf.get(stage));
  const history = (state?.history ?? []).filter((h) => Number.isFinite(Date.parse(h.at)));
  const served: Bar[] = [];
  const paused: Bar[] = [];
  let open: { stage: string; start: number; rollback: boolean } | null = null;
  let pausedSince: number | null = null;
  for (const entry of history) {
    const at = Date.parse(entry.at);
    if (ENTERS.has(entry.action) && entry.to !== null) {
      if (open !== null) served.push({ label: label(open.stage), tags: open.rollback ? ["crit", "done"] : ["done"], start: open.start, end: at });
      open = { stage: entry.to, start: at, rollback: entry.action === "rollback" };
    } else if (entry.action === "pause") pausedSince ??= at;
    else if (entry.action === "resume" && pausedSince !== null) {
      paused.push({ label: "paused", tags: ["done"], start: pausedSince, end: at });
      pausedSince = null;
    }
  }
  if (open === null) return ["### Timeline", "", "_The timeline starts when the rollout enters its first stage._"];
  // An open pause has no end yet: a milestone marks where it began.
  if (pausedSince !== null) paused.push({ label: "paused", tags: ["milestone", "active"], start: pausedSince, end: pausedSince });

  const complete = state?.status === "complete";
  // The stage being served runs at least until its bake is served.
  const servedBy = complete || state === null ? open.start : currentBakeEnd(plan, settings, state, Date.parse(state.entered));
  // A rolled-back stage bakes again only from a /resume nobody has given: it is drawn as the
  // instant of the rollback, not as a bake running towards an end the issue does not promise.
  const waiting = state?.status === "rolled-back";
  const current: Bar = { label: label(open.stage), tags: complete ? ["milestone"] : waiting ? ["crit", "milestone"] : open.rollback ? ["crit", "active"] : ["active"], start: open.start, end: Number.isFinite(servedBy) ? servedBy : open.start };
  const servedBars = [...served.slice(-(MAX_SEGMENTS - 1)), current];
  const pausedBars = paused.slice(-MAX_SEGMENTS);
  const projectedBars = projected(view);
  const all = [...servedBars, ...pausedBars, ...projectedBars];
  const axis = axisFor(Math.min(...all.map((b) => b.start)), Math.max(...all.map((b) => b.end)));
  const lines = ["### Timeline", "", "```mermaid", "gantt", "  title Rollout timeline (UTC)", "  dateFormat YYYY-MM-DD HH:mm", `  axisFormat ${axis.format}`, `  tickInterval ${axis.interval}`];
  const section = (name: string, bars: Bar[]) => {
    if (bars.length === 0) return;
    lines.push(`  section ${name}`);
    for (const bar of bars) {
      const end = bar.tags.includes("milestone") ? "0d" : mermaidTime(Math.max(bar.end, bar.start + MINUTE));
      lines.push(`  ${bar.label} :${bar.tags.map((t) => `${t}, `).join("")}${mermaidTime(bar.start)}, ${end}`);
    }
  };
  section("Served", servedBars);
  section("Paused", pausedBars);
  section("Projected", projectedBars);
  lines.push("```");
  if (served.length >= MAX_SEGMENTS) lines.push("", `_The chart shows the newest ${MAX_SEGMENTS} stage changes; the history table and the state file have them all._`);
  return lines;
}

/** When the bake of the stage being served ends (Infinity when the calendar never serves it). */
function currentBakeEnd(plan: Plan, settings: Settings, state: RolloutState, entered: number): number {
  const stage = plan.stages.find((s) => s.name === state.stage);
  return stage === undefined ? entered : bakeEnd(settings.calendar, stage, entered);
}

/**
 * The stages after the current one, entered as early as bake times and the calendar allow once
 * the current bake is served: the schedule if every item were ticked and every gate passed.
 */
function projected(view: TrackingIssueView): Bar[] {
  const { plan, state, eligibility } = view;
  if (!hasStarted(state) || state.status !== "progressing" || eligibility === null || eligibility.next === null) return [];
  const index = plan.stages.findIndex((s) => s.name === state.stage);
  const ready = currentBakeEnd(plan, view.settings, state, Date.parse(state.entered));
  if (index < 0 || !Number.isFinite(ready)) return [];
  const rest = plan.stages.slice(index + 1);
  const sim = simulate({ ...plan, stages: rest }, view.settings, new Date(ready));
  return sim.stages.map((stage, i) => {
    const start = Date.parse(stage.enter);
    const next = sim.stages[i + 1];
    return { label: barLabel(stage.name, stage.percent), tags: next === undefined ? ["milestone"] : [], start, end: next === undefined ? start : Date.parse(next.enter) };
  });
}

const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Mermaid picks about a dozen ticks whatever the span, so a chart of three days labelled by day
// printed each date four times. The interval is chosen from the span instead, for at most about
// ten ticks, each labelled only as finely as it differs from its neighbours.
const AXES: Array<{ upTo: number; interval: string; format: string }> = [
  { upTo: 12 * HOUR, interval: "1hour", format: "%H:%M" },
  { upTo: 3 * DAY, interval: "6hour", format: "%m-%d %H:%M" },
  { upTo: 10 * DAY, interval: "1day", format: "%m-%d" },
  { upTo: 20 * DAY, interval: "2day", format: "%m-%d" },
  { upTo: 70 * DAY, interval: "1week", format: "%m-%d" },
  { upTo: 140 * DAY, interval: "2week", format: "%m-%d" },
];

function axisFor(start: number, end: number): { interval: string; format: string } {
  const span = end - start;
  return AXES.find((a) => span <= a.upTo) ?? { interval: "1month", format: "%Y-%m" };
}

function mermaidTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

// Inside the chart Markdown escaping does not apply: Mermaid reads `:` as the start of task
// data, `#` and `;` as comment and statement breaks, `%%` as a comment, and a backtick run could
// close the fence. Names keep letters, digits and a few harmless signs; the rest become spaces.
export function safeLabel(name: string): string {
  const kept = name.replace(/[^\p{L}\p{N} ._()/+-]/gu, " ").replace(/\s+/g, " ").trim();
  return Array.from(kept).slice(0, 60).join("") || "stage";
}

// Words that open a statement in Mermaid's gantt grammar when a line starts with them.
const KEYWORD = /^(gantt|dateformat|axisformat|tickinterval|inclusiveenddates|topaxis|includes|excludes|todaymarker|weekday|weekend|title|section|accdescr|acctitle|click|\d{4}-\d\d-\d\d)/i;

/**
 * `quarter 25%`. Never `0% internal`: Mermaid's lexer reads any line whose second character is
 * `%` as a comment (its rule for `%%`), so a one-digit percent first silently dropped the bar. A
 * name that would read as a keyword (`title`, `section`) gets `stage` in front.
 */
function barLabel(stage: string, percent: number | undefined): string {
  const name = safeLabel(stage);
  return `${KEYWORD.test(name) ? `stage ${name}` : name} ${percent === undefined ? "?" : `${percent}%`}`;
}
