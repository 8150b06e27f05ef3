// A Mermaid gantt chart of one rollout for the job summary: the stages already served (from the
// state file's history), the current one, and the projection of the rest (core/simulate, the
// same bake and calendar rules the clock uses) from the earliest next promotion.
import type { Plan, RolloutState, Settings } from "../core/model.js";
import { simulate } from "../core/simulate.js";

export interface TimelineInput {
  plan: Plan;
  settings: Settings;
  state: RolloutState | null;
  now: Date;
  /** Earliest next promotion (eligibility.earliest), ISO-8601; null when none is possible. */
  earliest: string | null;
}

interface Segment {
  label: string;
  tag: "done" | "active" | "crit" | "milestone" | null;
  start: number;
  end: number;
}

// History actions that move the rollout into the stage named in `to`.
const ENTERS = new Set(["start", "promote", "force-promote", "rollback"]);

/** A ```mermaid gantt block; times are UTC (Mermaid has no time zones). */
export function mermaidTimeline(input: TimelineInput): string {
  const { plan, state, now } = input;
  const percentOf = new Map(plan.stages.map((s) => [s.name, s.percent]));
  const label = (stage: string, percent?: number) => safeLabel(`${stage} ${percent ?? percentOf.get(stage) ?? "?"}%`);
  const past: Segment[] = [];
  let open: { stage: string; start: number; rollback: boolean } | null = null;

  for (const entry of state?.history ?? []) {
    if (!ENTERS.has(entry.action) || entry.to === null) continue;
    const at = Date.parse(entry.at);
    if (open) past.push({ label: label(open.stage), tag: open.rollback ? "crit" : "done", start: open.start, end: at });
    open = { stage: entry.to, start: at, rollback: entry.action === "rollback" };
  }

  const current: Segment[] = [];
  const projected: Segment[] = [];
  const progressing = state === null || state.status === "awaiting-signoff" || state.status === "progressing";
  if (state && state.status !== "awaiting-signoff") {
    const start = Date.parse(state.entered);
    const until = state.status === "progressing" && input.earliest ? Math.max(Date.parse(input.earliest), now.getTime()) : now.getTime();
    const tag = state.status === "complete" ? "milestone" : state.status === "rolled-back" ? "crit" : "active";
    current.push({ label: label(state.stage, state.percent), tag, start, end: tag === "milestone" ? start : until });
  }

  if (progressing && input.earliest) {
    const index = state && state.status !== "awaiting-signoff" ? plan.stages.findIndex((s) => s.name === state.stage) : -1;
    const rest = plan.stages.slice(index + 1);
    const sim = simulate({ ...plan, stages: rest }, input.settings, new Date(input.earliest));
    sim.stages.forEach((stage, i) => {
      const start = Date.parse(stage.enter);
      const next = sim.stages[i + 1];
      const last = i === rest.length - 1;
      projected.push({ label: label(stage.name, stage.percent), tag: last ? "milestone" : null, start, end: next ? Date.parse(next.enter) : start });
    });
  }

  const lines = ["```mermaid", "gantt", `  title ${safeLabel(plan.name)} (UTC)`, "  dateFormat YYYY-MM-DD HH:mm", "  axisFormat %m-%d"];
  const section = (name: string, segments: Segment[]) => {
    if (segments.length === 0) return;
    lines.push(`  section ${name}`);
    for (const s of segments) lines.push(`  ${s.label} :${s.tag ? `${s.tag}, ` : ""}${mermaidTime(s.start)}, ${s.tag === "milestone" ? "0d" : mermaidTime(Math.max(s.end, s.start))}`);
  };
  section("Served", past);
  section("Now", current);
  section("Projected", projected);
  if (past.length + current.length + projected.length === 0) {
    lines.push("  section Not started", `  waiting for sign-off :milestone, ${mermaidTime(now.getTime())}, 0d`);
  }
  lines.push("```");
  return lines.join("\n");
}

function mermaidTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

// Mermaid reads `:` as the start of task data and `#`/`;` as comment and statement breaks;
// stage names come from a reviewed plan, but keep the chart parseable whatever they hold.
function safeLabel(text: string): string {
  return text.replace(/[^\p{L}\p{N} ._%()/-]/gu, " ").replace(/\s+/g, " ").trim() || "stage";
}
