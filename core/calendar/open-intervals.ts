// The calendar as a stream of open intervals. Everything else (is it open now, when does it
// open next, how much open time lies between two instants, when has a business bake been served)
// is a walk over this stream, so a year-long range costs a few hundred days, not half a million
// minutes.
import type { BusinessHours, CalendarSpec, Freeze } from "../model.js";
import { localDay, wallTimeToInstant, weekday, zoneFor, type Zone } from "./wall-clock.js";

/** A half-open span of time `[start, end)` in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/**
 * The open intervals of `cal` within `[from, to)`, in order, each as long as possible (touching
 * or overlapping business-hours ranges come out as one interval, also across midnight).
 * Business hours are laid out day by day in local wall time, then cut by the freezes.
 */
export function* openIntervals(cal: CalendarSpec, from: number, to: number): Generator<Interval> {
  if (!(to > from)) return;
  const zone = zoneFor(cal.timezone);
  const candidates =
    cal.businessHours === null ? [{ start: from, end: to }] : businessIntervals(zone, cal.businessHours, from, to);
  yield* withoutFreezes(candidates, mergeFreezes(cal.freezes));
}

/** The business-hours intervals that overlap `[from, to)`, clipped to it and merged. */
export function* businessIntervals(
  zone: Zone,
  hours: BusinessHours[],
  from: number,
  to: number,
): Generator<Interval> {
  // A range of the day before `from` ends by the first instant that reads `from`'s date, so it
  // cannot reach `from`. The day after `to` is walked too: a clock set back across midnight
  // would read that date before `to` does, and its ranges could begin before `to`.
  const firstDay = localDay(zone, from);
  const lastDay = localDay(zone, to) + 1;
  let pending: Interval | null = null;
  for (let day = firstDay; day <= lastDay; day++) {
    for (const range of rangesOn(zone, hours, day)) {
      const start = Math.max(range.start, from);
      const end = Math.min(range.end, to);
      if (end <= start) continue;
      if (pending !== null && start <= pending.end) {
        pending.end = Math.max(pending.end, end);
        continue;
      }
      if (pending !== null) yield pending;
      pending = { start, end };
    }
  }
  if (pending !== null) yield pending;
}

/** The business-hours ranges of one local day as instants, sorted by start. */
function rangesOn(zone: Zone, hours: BusinessHours[], day: number): Interval[] {
  const dow = weekday(day);
  const ranges: Interval[] = [];
  for (const h of hours) {
    if (!h.days.includes(dow) || h.end <= h.start) continue;
    const start = wallTimeToInstant(zone, day, h.start);
    const end = wallTimeToInstant(zone, day, h.end);
    // A range that lies wholly inside a skipped hour has no instants at all.
    if (end > start) ranges.push({ start, end });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** Freezes sorted by start, overlapping or touching ones merged, empty ones dropped. */
function mergeFreezes(freezes: Freeze[]): Interval[] {
  const sorted = freezes.filter((f) => f.end > f.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const f of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && f.start <= last.end) last.end = Math.max(last.end, f.end);
    else merged.push({ start: f.start, end: f.end });
  }
  return merged;
}

/** Cuts sorted, disjoint `freezes` out of an ordered stream of disjoint intervals. */
function* withoutFreezes(intervals: Iterable<Interval>, freezes: Interval[]): Generator<Interval> {
  let next = 0; // freezes before this index end before every interval still to come
  for (const interval of intervals) {
    let start = interval.start;
    while (next < freezes.length && freezes[next]!.end <= start) next++;
    for (let i = next; i < freezes.length && freezes[i]!.start < interval.end; i++) {
      const freeze = freezes[i]!;
      if (freeze.start > start) yield { start, end: freeze.start };
      start = Math.max(start, freeze.end);
    }
    if (start < interval.end) yield { start, end: interval.end };
  }
}
