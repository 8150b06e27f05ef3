// The calendar's functions must agree with each other at every instant, daylight-saving changes
// and freezes included: the clock asks isOpen, /status asks nextOpen, bakes ask addOpenTime, and
// a user who sees one answer must never be contradicted by another.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addOpenTime, isOpen, nextOpen, openIntervals, openTimeBetween } from "../../core/calendar.js";
import { at, calendar, DAY, freeze, HOUR, hours } from "./calendar-fixtures.js";

const calendars = {
  "New York office with lunch break and holidays": calendar(
    [hours("mon-fri", "09:00", "12:00"), hours("mon-fri", "13:00", "17:00"), hours("sun", "01:30", "02:30")],
    [freeze("2026-12-20T00:00:00-05:00", "2027-01-05T00:00:00-05:00"), freeze("2026-03-10T10:00:00-04:00", "2026-03-10T11:15:00-04:00")],
  ),
  "London office": calendar([hours("mon-fri", "09:00", "17:00")], [], "Europe/London"),
  "always open but for a freeze": calendar(null, [freeze("2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z")]),
};

// 2026 as a whole, so both daylight-saving changes and the holiday freeze fall inside.
const instant = fc.integer({ min: at("2026-01-01T00:00:00Z"), max: at("2027-01-31T00:00:00Z") });
const duration = fc.integer({ min: 1, max: 30 * DAY });
const runs = { numRuns: 300 };

describe.each(Object.entries(calendars))("%s", (_name, cal) => {
  it("isOpen agrees with the open intervals", () => {
    fc.assert(
      fc.property(instant, (t) => {
        expect(isOpen(cal, t)).toBe(!openIntervals(cal, t, t + 1).next().done);
      }),
      runs,
    );
  });

  it("nextOpen is open, and nothing before it is", () => {
    fc.assert(
      fc.property(instant, (t) => {
        const next = nextOpen(cal, t);
        expect(next).not.toBeNull();
        expect(isOpen(cal, next!)).toBe(true);
        expect(openTimeBetween(cal, t, next!)).toBe(0);
        expect(next === t).toBe(isOpen(cal, t));
      }),
      runs,
    );
  });

  it("open time adds up over consecutive ranges and never exceeds wall time", () => {
    fc.assert(
      fc.property(instant, duration, duration, (a, x, y) => {
        const whole = openTimeBetween(cal, a, a + x + y);
        expect(openTimeBetween(cal, a, a + x) + openTimeBetween(cal, a + x, a + x + y)).toBe(whole);
        expect(whole).toBeLessThanOrEqual(x + y);
      }),
      runs,
    );
  });

  it("addOpenTime finds the earliest instant that has served the time", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 * HOUR }), (from, ms) => {
        const served = addOpenTime(cal, from, ms);
        expect(served).not.toBeNull();
        expect(openTimeBetween(cal, from, served!)).toBe(ms);
        expect(openTimeBetween(cal, from, served! - 1)).toBeLessThan(ms);
      }),
      runs,
    );
  });
});
