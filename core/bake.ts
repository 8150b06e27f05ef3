// Bake timers: how long a stage must run before it may be left. A plain bake is wall-clock time
// (`24h` is 24 hours whatever the calendar says); a `business` bake counts only open time, so
// `8h business` entered on a Friday afternoon is served on Monday. Timers are computed from the
// instant the stage was entered, never from counting runs of the clock.
import { addOpenTime, openTimeBetween } from "./calendar.js";
import type { CalendarSpec, Stage } from "./model.js";

/**
 * The instant the bake of `stage`, entered at `entered`, is served: `entered` when the stage has
 * no bake. Infinity when a business bake can never be served (the calendar stays shut for the
 * whole search horizon); comparisons with `now` then stay false, but check `Number.isFinite`
 * before printing it as a date.
 */
export function bakeEnd(cal: CalendarSpec, stage: Stage, entered: number): number {
  const bake = stage.bake;
  if (bake === null) return entered;
  if (!bake.business) return entered + bake.ms;
  return addOpenTime(cal, entered, bake.ms) ?? Number.POSITIVE_INFINITY;
}

export interface BakeRemaining {
  /**
   * Bake time still to serve, in the bake's own unit: wall-clock milliseconds for a plain bake,
   * open (business) milliseconds for a business bake. 0 once served.
   */
  remainingMs: number;
  /** When the bake is served (see `bakeEnd`; Infinity for never). */
  until: number;
  /** Whether `remainingMs` counts only open time. */
  business: boolean;
}

/** What is left of the bake of `stage`, entered at `entered`, at the instant `now`. */
export function bakeRemaining(cal: CalendarSpec, stage: Stage, entered: number, now: number): BakeRemaining {
  const until = bakeEnd(cal, stage, entered);
  const bake = stage.bake;
  if (bake === null) return { remainingMs: 0, until, business: false };
  if (!bake.business) return { remainingMs: Math.max(0, until - now), until, business: false };
  const served = openTimeBetween(cal, entered, now);
  return { remainingMs: Math.max(0, bake.ms - served), until, business: true };
}
