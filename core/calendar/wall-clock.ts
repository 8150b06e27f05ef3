// Local wall time in an IANA zone, as the calendar needs it: which local day an instant falls on,
// and which instant a wall-clock time on a given day stands for.
//
// Local days are numbered like epoch days (day 0 is 1970-01-01 on the local calendar), so walking
// from one day to the next is `+ 1` and needs no time zone at all; only the two edges of a
// business-hours range are ever converted, through the zone's offsets (zone.ts).
import type { Zone } from "./zone.js";

export { zoneFor, type Zone } from "./zone.js";

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The local calendar day (as an epoch day number) that the instant `at` falls on in `zone`. */
export function localDay(zone: Zone, at: number): number {
  // The local wall time, read as if it were UTC: its date is the local date.
  const local = new Date(at + zone.offset(at) * MINUTE_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) / DAY_MS;
}

/** ISO weekday of a local day: 1 is Monday … 7 is Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * The instant at which the local clock in `zone` first reads `minutes` after midnight of `day`,
 * or later. One rule covers every daylight-saving case:
 * - an ordinary wall time maps to its one instant;
 * - an ambiguous wall time (the repeated hour when clocks fall back) maps to its first
 *   occurrence, so `01:30` on 2026-11-01 in New York is 01:30 EDT;
 * - a wall time that does not exist (skipped when clocks spring forward) maps to the instant the
 *   clocks jump past it, so `02:30` on 2026-03-08 in New York is 03:00 EDT.
 * `minutes` may be 1440 (midnight at the end of the day).
 *
 * luxon's `DateTime.fromObject` would not do here: it resolves ambiguous times from an offset
 * guessed at the current clock, so its answer would depend on the season it runs in, and it
 * moves skipped times forward by the gap (02:30 → 03:30) rather than to the jump.
 */
export function wallTimeToInstant(zone: Zone, day: number, minutes: number): number {
  // The wall time read as if it were UTC; the true instant is this minus the offset in force.
  const wall = day * DAY_MS + minutes * MINUTE_MS;
  // Offsets never exceed ±14 h, so the instant lies within a day of `wall`; the offsets a day
  // either side are the only ones that can be in force there (zones change at most once a day).
  const before = zone.offset(wall - DAY_MS);
  const after = zone.offset(wall + DAY_MS);
  // No clock change within a day either side: the one offset is the answer.
  if (before === after) return wall - before * MINUTE_MS;
  const candidates = [before, after]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => zone.offset(instant) * MINUTE_MS === wall - instant);
  if (candidates.length > 0) return Math.min(...candidates);
  return firstChange(zone, wall - after * MINUTE_MS, wall - before * MINUTE_MS);
}

/** The first instant in (lo, hi] whose offset differs from the offset at `lo`: a clock change. */
function firstChange(zone: Zone, lo: number, hi: number): number {
  const offsetAtLo = zone.offset(lo);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (zone.offset(mid) === offsetAtLo) lo = mid;
    else hi = mid;
  }
  return hi;
}
