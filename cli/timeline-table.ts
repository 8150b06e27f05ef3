// The human form of `simulate`: one row per stage, when it is entered in UTC and in the
// calendar's zone (the one the business hours are written in), and how long after the start.
import { DateTime } from "luxon";
import { formatDuration } from "../core/duration.js";
import type { Plan, Settings } from "../core/model.js";

export interface TimelineRow {
  name: string;
  percent: number;
  enter: string;
}

export function renderTimeline(plan: Plan, settings: Settings, startMs: number, rows: readonly TimelineRow[]): string {
  const zone = settings.calendar.timezone;
  const local = zone !== "UTC";
  const at = (ms: number, z: string) => DateTime.fromMillis(ms, { zone: z }).toFormat(z === "UTC" ? "ccc yyyy-LL-dd HH:mm" : "ccc yyyy-LL-dd HH:mm ZZZZ");
  const audiences = new Map(plan.stages.map((s) => [s.name, s.audience ?? "-"]));

  const header = ["stage", "percent", "audience", "enters (UTC)", ...(local ? [`enters (${zone})`] : []), "after start"];
  const body = rows.map((row) => {
    const ms = Date.parse(row.enter);
    return [row.name, `${row.percent}%`, audiences.get(row.name) ?? "-", at(ms, "UTC"), ...(local ? [at(ms, zone)] : []), `+${formatDuration(ms - startMs)}`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");

  const { businessHours, freezes } = settings.calendar;
  const calendar = [
    zone,
    businessHours === null ? "no business hours" : `business hours ${businessHours.map((h) => h.text).join(", ")}`,
    freezes.length === 0 ? "no freezes" : `${freezes.length === 1 ? "freeze" : "freezes"} ${freezes.map((f) => f.text).join(", ")}`,
  ].join("; ");
  return [
    `Rollout ${plan.name}, starting ${at(startMs, "UTC")} UTC`,
    `Calendar: ${calendar}`,
    "Assumes every sign-off and exit item is ticked at once and every gate passes.",
    "",
    line(header),
    ...body.map(line),
    "",
  ].join("\n");
}
