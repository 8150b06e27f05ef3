// Daylight-saving changes. The rule under test: each edge of a business-hours range is the first
// instant at which the local clock reads that time or later, so a skipped time opens at the jump
// and a repeated time means its first occurrence.
//
// 2026 changes used here:
//   America/New_York  2026-03-08 02:00 EST → 03:00 EDT (07:00Z);  2026-11-01 02:00 EDT → 01:00 EST (06:00Z)
//   Europe/London     2026-03-29 01:00 GMT → 02:00 BST (01:00Z);  2026-10-25 02:00 BST → 01:00 GMT (01:00Z)
//   America/Santiago  2026-09-06 00:00 → 01:00 (04:00Z);           2026-04-05 00:00 → 23:00 the day before (03:00Z)
//   Australia/Lord_Howe 2026-10-04 02:00 → 02:30 (2026-10-03 15:30Z)
import { describe, expect, it } from "vitest";
import { addOpenTime, isOpen, nextOpen, openIntervals, openTimeBetween } from "../../core/calendar.js";
import type { CalendarSpec } from "../../core/model.js";
import { at, calendar, HOUR, hours, iso } from "./calendar-fixtures.js";

const intervals = (cal: CalendarSpec, from: string, to: string): string[][] =>
  [...openIntervals(cal, at(from), at(to))].map((i) => [iso(i.start)!, iso(i.end)!]);

describe.each([
  {
    zone: "America/New_York",
    change: "spring forward",
    before: { friday: "2026-03-06", opens: "14:00", closes: "22:00" },
    after: { monday: "2026-03-09", opens: "13:00", closes: "21:00" },
    bake: { from: "2026-03-06T21:00:00Z", served: "2026-03-09T14:00:00.000Z" },
  },
  {
    zone: "America/New_York",
    change: "fall back",
    before: { friday: "2026-10-30", opens: "13:00", closes: "21:00" },
    after: { monday: "2026-11-02", opens: "14:00", closes: "22:00" },
    bake: { from: "2026-10-30T20:00:00Z", served: "2026-11-02T15:00:00.000Z" },
  },
  {
    zone: "Europe/London",
    change: "spring forward",
    before: { friday: "2026-03-27", opens: "09:00", closes: "17:00" },
    after: { monday: "2026-03-30", opens: "08:00", closes: "16:00" },
    bake: { from: "2026-03-27T16:00:00Z", served: "2026-03-30T09:00:00.000Z" },
  },
  {
    zone: "Europe/London",
    change: "fall back",
    before: { friday: "2026-10-23", opens: "08:00", closes: "16:00" },
    after: { monday: "2026-10-26", opens: "09:00", closes: "17:00" },
    bake: { from: "2026-10-23T15:00:00Z", served: "2026-10-26T10:00:00.000Z" },
  },
])("office hours mon-fri 09:00-17:00 in $zone across the weekend it clocks $change", ({ zone, before, after, bake }) => {
  const cal = calendar([hours("mon-fri", "09:00", "17:00")], [], zone);

  it("keep 09:00 and 17:00 local time on both sides, at different UTC instants", () => {
    expect(intervals(cal, `${before.friday}T00:00:00Z`, `${after.monday}T23:59:59Z`)).toEqual([
      [`${before.friday}T${before.opens}:00.000Z`, `${before.friday}T${before.closes}:00.000Z`],
      [`${after.monday}T${after.opens}:00.000Z`, `${after.monday}T${after.closes}:00.000Z`],
    ]);
  });

  it("open on Monday at 09:00 local, not at the UTC hour of Friday's opening", () => {
    expect(isOpen(cal, at(`${after.monday}T${after.opens}:00Z`))).toBe(true);
    expect(isOpen(cal, at(`${after.monday}T${after.opens}:00Z`) - 1)).toBe(false);
    expect(iso(nextOpen(cal, at(`${before.friday}T${before.closes}:00Z`)))).toBe(`${after.monday}T${after.opens}:00.000Z`);
  });

  it("serve a two-hour business bake from Friday 16:00 local on Monday at 10:00 local", () => {
    expect(iso(addOpenTime(cal, at(bake.from), 2 * HOUR))).toBe(bake.served);
  });
});

describe("a day of 23 or 25 hours", () => {
  it.each([
    ["New York spring forward", "America/New_York", "2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00", 23],
    ["New York fall back", "America/New_York", "2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00", 25],
    ["London spring forward", "Europe/London", "2026-03-29T00:00:00Z", "2026-03-30T00:00:00+01:00", 23],
    ["London fall back", "Europe/London", "2026-10-25T00:00:00+01:00", "2026-10-26T00:00:00Z", 25],
  ])("%s: a Sunday open 00:00-24:00 lasts as long as that day really is", (_what, zone, midnight, nextMidnight, length) => {
    const sundays = calendar([hours("sun", "00:00", "24:00")], [], zone);
    expect(intervals(sundays, "2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z")).toContainEqual([iso(at(midnight)), iso(at(nextMidnight))]);
    expect(openTimeBetween(sundays, at(midnight) - 3 * 24 * HOUR, at(nextMidnight) + 3 * 24 * HOUR)).toBe(length * HOUR);
  });
});

describe("a business day opening in the hour that does not exist", () => {
  // New York, Sunday 2026-03-08: the clock goes from 01:59:59.999 EST to 03:00:00 EDT.
  it.each([
    ["02:00-05:00 opens at the jump, 03:00 EDT", "02:00", "05:00", [["2026-03-08T07:00:00.000Z", "2026-03-08T09:00:00.000Z"]]],
    ["02:15-03:30 opens at the jump too", "02:15", "03:30", [["2026-03-08T07:00:00.000Z", "2026-03-08T07:30:00.000Z"]]],
    ["01:00-02:30 closes at the jump", "01:00", "02:30", [["2026-03-08T06:00:00.000Z", "2026-03-08T07:00:00.000Z"]]],
    ["02:00-02:30 lies wholly in the gap: never open that day", "02:00", "02:30", []],
  ])("%s", (_what, start, end, expected) => {
    const cal = calendar([hours("sun", start, end)]);
    expect(intervals(cal, "2026-03-07T00:00:00Z", "2026-03-09T00:00:00Z")).toEqual(expected);
  });

  it("is closed just before the jump and open at it", () => {
    const cal = calendar([hours("sun", "02:00", "05:00")]);
    expect(isOpen(cal, at("2026-03-08T01:59:59.999-05:00"))).toBe(false);
    expect(isOpen(cal, at("2026-03-08T03:00:00-04:00"))).toBe(true);
    expect(iso(nextOpen(cal, at("2026-03-07T12:00:00-05:00")))).toBe("2026-03-08T07:00:00.000Z");
    // A week later the same hours open at 02:00 EDT again.
    expect(iso(nextOpen(cal, at("2026-03-08T05:00:00-04:00")))).toBe("2026-03-15T06:00:00.000Z");
  });

  it("works for a half-hour change (Lord Howe Island)", () => {
    const cal = calendar([hours("sun", "02:00", "03:00")], [], "Australia/Lord_Howe");
    expect(intervals(cal, "2026-10-02T00:00:00Z", "2026-10-05T00:00:00Z")).toEqual([["2026-10-03T15:30:00.000Z", "2026-10-03T16:00:00.000Z"]]);
  });

  it("works where midnight itself is skipped (Santiago)", () => {
    // Saturday 22:00-24:00 then Sunday 00:00-02:00 read 4 hours on the wall but last 3.
    const cal = calendar([hours([6], "22:00", "24:00"), hours("sun", "00:00", "02:00")], [], "America/Santiago");
    expect(intervals(cal, "2026-09-05T00:00:00Z", "2026-09-07T00:00:00Z")).toEqual([["2026-09-06T02:00:00.000Z", "2026-09-06T05:00:00.000Z"]]);
  });
});

describe("a business day touching the hour that happens twice", () => {
  // New York, Sunday 2026-11-01: 01:00-01:59 happens in EDT (05:00Z-06:00Z), then again in EST.
  it.each([
    ["01:30-03:00 opens at the first 01:30 (EDT)", "01:30", "03:00", [["2026-11-01T05:30:00.000Z", "2026-11-01T08:00:00.000Z"]]],
    ["00:00-01:30 closes at the first 01:30 and stays closed through the repeat", "00:00", "01:30", [["2026-11-01T04:00:00.000Z", "2026-11-01T05:30:00.000Z"]]],
    ["01:00-02:00 spans both occurrences: two hours", "01:00", "02:00", [["2026-11-01T05:00:00.000Z", "2026-11-01T07:00:00.000Z"]]],
  ])("%s", (_what, start, end, expected) => {
    const cal = calendar([hours("sun", start, end)]);
    expect(intervals(cal, "2026-10-31T00:00:00Z", "2026-11-02T00:00:00Z")).toEqual(expected);
  });

  it("reads the repeated 01:15 EST as closed for 00:00-01:30", () => {
    const cal = calendar([hours("sun", "00:00", "01:30")]);
    expect(isOpen(cal, at("2026-11-01T01:15:00-04:00"))).toBe(true);
    expect(isOpen(cal, at("2026-11-01T01:15:00-05:00"))).toBe(false);
  });

  it("where the repeated hour ends the day (Santiago): the first occurrence opens", () => {
    // Saturday 2026-04-04 reads 23:00-23:59 twice: from 02:00Z in -03, then from 03:00Z in -04.
    const cal = calendar([hours([6], "23:00", "24:00")], [], "America/Santiago");
    expect(intervals(cal, "2026-04-03T00:00:00Z", "2026-04-06T00:00:00Z")).toEqual([["2026-04-05T02:00:00.000Z", "2026-04-05T04:00:00.000Z"]]);
  });
});
