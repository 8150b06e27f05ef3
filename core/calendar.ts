// When may a rollout move? The calendar answers with pure functions of a CalendarSpec and epoch
// milliseconds; simulate and the real clock share them, so a projected timeline is exactly what
// the clock will do.
//
// Semantics (the contract in SPEC.md):
// - Business hours are half-open local intervals on their days (`09:00-17:00` is open at 09:00,
//   closed at 17:00) in the calendar's IANA zone. Each edge is a wall time converted to the first
//   instant the local clock reads it or later: an ambiguous time (clocks falling back) is its
//   first occurrence, a skipped time (clocks springing forward) is the instant of the jump. So a
//   day that opens at 02:00 on a spring-forward day in New York opens at 03:00 EDT, and
//   `00:00-01:30` on a fall-back day closes at 01:30 EDT, staying closed through the repeated hour.
// - A freeze covers `[start, end)`. An instant is open when it is inside business hours (if
//   configured) and outside every freeze; without business hours every unfrozen instant is open.
// - Searches forward give up after OPEN_HORIZON_MS without any open time: a calendar shut that
//   long is a mistake in the settings, and an answer of "never" beats an endless loop.
import type { CalendarSpec, Freeze } from "./model.js";
import { businessIntervals, openIntervals } from "./calendar/open-intervals.js";
import { DAY_MS, zoneFor } from "./calendar/wall-clock.js";

export type { Interval } from "./calendar/open-intervals.js";
export { openIntervals } from "./calendar/open-intervals.js";

/** How far `nextOpen` and `addOpenTime` look for open time before answering null: two years. */
export const OPEN_HORIZON_MS = 731 * DAY_MS;

export type ClosedReason = { reason: "business-hours" } | { reason: "freeze"; freeze: Freeze };

/**
 * Why the calendar is closed at `at`, or null when it is open. A freeze wins over business
 * hours: it says more (and usually lasts longer). With overlapping freezes, the first listed.
 */
export function closedReason(cal: CalendarSpec, at: number): ClosedReason | null {
  const freeze = cal.freezes.find((f) => f.start <= at && at < f.end);
  if (freeze !== undefined) return { reason: "freeze", freeze };
  if (cal.businessHours !== null) {
    const inside = businessIntervals(zoneFor(cal.timezone), cal.businessHours, at, at + 1).next();
    if (inside.done === true) return { reason: "business-hours" };
  }
  return null;
}

/** Whether a promotion may happen at the instant `at`. */
export function isOpen(cal: CalendarSpec, at: number): boolean {
  return closedReason(cal, at) === null;
}

/** The first open instant at or after `from`; null when none comes within OPEN_HORIZON_MS. */
export function nextOpen(cal: CalendarSpec, from: number): number | null {
  const first = openIntervals(cal, from, from + OPEN_HORIZON_MS).next();
  return first.done === true ? null : first.value.start;
}

/** Milliseconds of open time in `[from, to)`; 0 when `to` is not after `from`. */
export function openTimeBetween(cal: CalendarSpec, from: number, to: number): number {
  let total = 0;
  for (const interval of openIntervals(cal, from, to)) total += interval.end - interval.start;
  return total;
}

/**
 * The earliest instant t ≥ from with `openTimeBetween(cal, from, t) >= ms`: where a business bake
 * of `ms` entered at `from` is served. `ms <= 0` gives `from` itself (nothing to serve, whatever
 * the calendar says; whether a promotion may then happen is `nextOpen`'s question). When the
 * served time ends exactly at a closing time, the answer is that closing instant.
 * Null when the calendar stays shut for OPEN_HORIZON_MS before the time is served, or `ms` is
 * not finite.
 */
export function addOpenTime(cal: CalendarSpec, from: number, ms: number): number | null {
  if (ms <= 0) return from;
  if (!Number.isFinite(ms)) return null;
  let remaining = ms;
  let lastOpen = from; // where the current stretch of closed time began
  // Walk in horizon-sized windows so a long bake is not cut off by the horizon itself.
  for (let windowStart = from; ; windowStart += OPEN_HORIZON_MS) {
    const windowEnd = windowStart + OPEN_HORIZON_MS;
    for (const interval of openIntervals(cal, windowStart, windowEnd)) {
      if (interval.start - lastOpen >= OPEN_HORIZON_MS) return null;
      const length = interval.end - interval.start;
      if (length >= remaining) return interval.start + remaining;
      remaining -= length;
      lastOpen = interval.end;
    }
    if (windowEnd - lastOpen >= OPEN_HORIZON_MS) return null;
  }
}
