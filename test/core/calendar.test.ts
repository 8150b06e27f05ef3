import { describe, expect, it } from "vitest";
import { closedReason, isOpen, nextOpen, OPEN_HORIZON_MS, openIntervals, openTimeBetween } from "../../core/calendar.js";
import type { CalendarSpec } from "../../core/model.js";
import { at, calendar, DAY, freeze, holidays, HOUR, hours, iso, officeHours, officeWithHolidays } from "./calendar-fixtures.js";

describe("isOpen: business hours are half-open local intervals", () => {
  it.each([
    ["at opening time", "2026-12-01T09:00:00-05:00", true],
    ["a millisecond before opening", "2026-12-01T08:59:59.999-05:00", false],
    ["a millisecond before closing", "2026-12-01T16:59:59.999-05:00", true],
    ["at closing time", "2026-12-01T17:00:00-05:00", false],
    ["at local midnight", "2026-12-01T00:00:00-05:00", false],
    ["on Friday afternoon", "2026-12-04T16:00:00-05:00", true],
    ["on Saturday at noon", "2026-12-05T12:00:00-05:00", false],
    ["on Sunday at noon", "2026-12-06T12:00:00-05:00", false],
    ["on Monday morning", "2026-12-07T09:30:00-05:00", true],
    // 14:30 UTC is 09:30 in New York: hours are read in the calendar's zone, not UTC.
    ["at 14:30 UTC on a Tuesday", "2026-12-01T14:30:00Z", true],
    ["at 09:30 UTC on a Tuesday", "2026-12-01T09:30:00Z", false],
  ])("%s (%s) → %s", (_what, instant, open) => {
    expect(isOpen(officeHours, at(instant))).toBe(open);
  });

  it("reads hours in the calendar's own time zone", () => {
    const tokyo = calendar([hours("mon-fri", "09:00", "17:00")], [], "Asia/Tokyo");
    expect(isOpen(tokyo, at("2026-12-01T09:00:00+09:00"))).toBe(true);
    expect(isOpen(tokyo, at("2026-12-01T09:00:00-05:00"))).toBe(false);
  });

  it("is always open without business hours or freezes", () => {
    const always = calendar(null);
    for (const instant of ["2026-12-05T03:00:00Z", "2026-12-06T23:59:59.999Z", "2027-06-01T00:00:00Z"]) {
      expect(isOpen(always, at(instant))).toBe(true);
    }
  });

  it("is never open with an empty list of business hours", () => {
    const never = calendar([]);
    expect(isOpen(never, at("2026-12-01T12:00:00-05:00"))).toBe(false);
    expect(nextOpen(never, at("2026-12-01T12:00:00-05:00"))).toBeNull();
  });

  it.each([
    ["at opening of the morning range", "2026-12-01T09:00:00-05:00", true],
    ["at the lunch break", "2026-12-01T12:00:00-05:00", false],
    ["a millisecond before the afternoon", "2026-12-01T12:59:59.999-05:00", false],
    ["at the afternoon range", "2026-12-01T13:00:00-05:00", true],
    ["on Saturday's short morning", "2026-12-05T10:00:00-05:00", true],
    ["on Saturday afternoon", "2026-12-05T13:00:00-05:00", false],
  ])("with several ranges: %s → %s", (_what, instant, open) => {
    const split = calendar([hours("mon-fri", "09:00", "12:00"), hours("mon-fri", "13:00", "17:00"), hours([6], "09:00", "11:00")]);
    expect(isOpen(split, at(instant))).toBe(open);
  });

  it("treats 24:00 as midnight at the end of the day", () => {
    const weekend = calendar([hours("sat-sun", "00:00", "24:00")]);
    expect(isOpen(weekend, at("2026-12-05T00:00:00-05:00"))).toBe(true);
    expect(isOpen(weekend, at("2026-12-06T23:59:59.999-05:00"))).toBe(true);
    expect(isOpen(weekend, at("2026-12-07T00:00:00-05:00"))).toBe(false);
    expect(openTimeBetween(weekend, at("2026-12-01T00:00:00-05:00"), at("2026-12-08T00:00:00-05:00"))).toBe(48 * HOUR);
  });

  it("ignores a range that ends before it starts", () => {
    const broken = calendar([hours("all", "17:00", "09:00")]);
    expect(isOpen(broken, at("2026-12-01T20:00:00-05:00"))).toBe(false);
    expect(isOpen(broken, at("2026-12-01T08:00:00-05:00"))).toBe(false);
  });

  it("refuses an unknown time zone with a message naming it", () => {
    expect(() => isOpen(calendar([hours("all", "09:00", "17:00")], [], "Mars/Olympus_Mons"), 0)).toThrow(/Mars\/Olympus_Mons/);
  });
});

describe("freezes", () => {
  it.each([
    ["the first instant of the first frozen date", "2026-12-21T09:00:00-05:00", false],
    ["the last open instant before the freeze", "2026-12-18T16:59:59.999-05:00", true],
    ["the last frozen date, in business hours", "2027-01-04T12:00:00-05:00", false],
    ["the day after the last frozen date", "2027-01-05T09:00:00-05:00", true],
  ])("a whole-day freeze in local time: %s → %s", (_what, instant, open) => {
    expect(isOpen(officeWithHolidays, at(instant))).toBe(open);
  });

  it("with exact date-time bounds, covers [start, end)", () => {
    const deploy = freeze("2026-12-01T12:00:00-05:00", "2026-12-01T14:30:00-05:00");
    const cal = calendar([hours("mon-fri", "09:00", "17:00")], [deploy]);
    expect(isOpen(cal, at("2026-12-01T11:59:59.999-05:00"))).toBe(true);
    expect(isOpen(cal, at("2026-12-01T12:00:00-05:00"))).toBe(false);
    expect(isOpen(cal, at("2026-12-01T14:29:59.999-05:00"))).toBe(false);
    expect(isOpen(cal, at("2026-12-01T14:30:00-05:00"))).toBe(true);
    expect(openTimeBetween(cal, at("2026-12-01T00:00:00-05:00"), at("2026-12-02T00:00:00-05:00"))).toBe(5.5 * HOUR);
  });

  it("close an always-open calendar too", () => {
    const cal = calendar(null, [holidays]);
    expect(isOpen(cal, at("2026-12-19T23:59:59.999-05:00"))).toBe(true);
    expect(isOpen(cal, at("2026-12-20T00:00:00-05:00"))).toBe(false);
    expect(iso(nextOpen(cal, at("2026-12-25T12:00:00Z")))).toBe("2027-01-05T05:00:00.000Z");
    expect(openTimeBetween(cal, at("2026-12-19T00:00:00-05:00"), at("2027-01-06T00:00:00-05:00"))).toBe(48 * HOUR);
  });

  it("that overlap, touch or are empty are taken as their union", () => {
    const cal = calendar(null, [
      freeze("2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z"),
      freeze("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"),
      freeze("2026-12-01T12:00:00Z", "2026-12-03T00:00:00Z"),
      freeze("2026-12-10T00:00:00Z", "2026-12-10T00:00:00Z"),
    ]);
    expect([...openIntervals(cal, at("2026-11-30T00:00:00Z"), at("2026-12-11T00:00:00Z"))].map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2026-11-30T00:00:00.000Z", "2026-12-01T00:00:00.000Z"],
      ["2026-12-04T00:00:00.000Z", "2026-12-11T00:00:00.000Z"],
    ]);
  });
});

describe("closedReason", () => {
  it("is null when open", () => {
    expect(closedReason(officeWithHolidays, at("2026-12-01T10:00:00-05:00"))).toBeNull();
  });
  it("names business hours outside them", () => {
    expect(closedReason(officeWithHolidays, at("2026-12-05T10:00:00-05:00"))).toEqual({ reason: "business-hours" });
  });
  it("names the freeze inside one, even on a weekend", () => {
    for (const instant of ["2026-12-23T10:00:00-05:00", "2026-12-26T10:00:00-05:00"]) {
      expect(closedReason(officeWithHolidays, at(instant))).toEqual({ reason: "freeze", freeze: holidays });
    }
  });
  it("names the freeze in an always-open calendar", () => {
    expect(closedReason(calendar(null, [holidays]), at("2026-12-23T10:00:00-05:00"))?.reason).toBe("freeze");
  });
});

describe("openIntervals", () => {
  const list = (cal: CalendarSpec, from: string, to: string): string[][] =>
    [...openIntervals(cal, at(from), at(to))].map((i) => [iso(i.start)!, iso(i.end)!]);

  it("clips to the range asked for", () => {
    expect(list(officeHours, "2026-12-01T10:00:00-05:00", "2026-12-02T10:00:00-05:00")).toEqual([
      ["2026-12-01T15:00:00.000Z", "2026-12-01T22:00:00.000Z"],
      ["2026-12-02T14:00:00.000Z", "2026-12-02T15:00:00.000Z"],
    ]);
  });

  it("yields nothing for an empty or reversed range", () => {
    expect(list(officeHours, "2026-12-01T10:00:00-05:00", "2026-12-01T10:00:00-05:00")).toEqual([]);
    expect(list(officeHours, "2026-12-02T10:00:00-05:00", "2026-12-01T10:00:00-05:00")).toEqual([]);
  });

  it("merges ranges that overlap or touch, across midnight too", () => {
    const cal = calendar([hours([1], "08:00", "10:00"), hours("mon-fri", "09:00", "17:00"), hours([5], "22:00", "24:00"), hours([6], "00:00", "02:00")]);
    expect(list(cal, "2026-11-30T00:00:00-05:00", "2026-12-06T00:00:00-05:00")).toEqual([
      ["2026-11-30T13:00:00.000Z", "2026-11-30T22:00:00.000Z"],
      ["2026-12-01T14:00:00.000Z", "2026-12-01T22:00:00.000Z"],
      ["2026-12-02T14:00:00.000Z", "2026-12-02T22:00:00.000Z"],
      ["2026-12-03T14:00:00.000Z", "2026-12-03T22:00:00.000Z"],
      ["2026-12-04T14:00:00.000Z", "2026-12-04T22:00:00.000Z"],
      ["2026-12-05T03:00:00.000Z", "2026-12-05T07:00:00.000Z"],
    ]);
  });

  it("cuts freezes out of business hours", () => {
    const cal = calendar([hours("mon-fri", "09:00", "17:00")], [
      freeze("2026-12-01T10:00:00-05:00", "2026-12-01T11:00:00-05:00"),
      freeze("2026-12-01T12:00:00-05:00", "2026-12-01T13:00:00-05:00"),
      freeze("2026-12-02T08:00:00-05:00", "2026-12-02T18:00:00-05:00"),
    ]);
    expect(list(cal, "2026-12-01T00:00:00-05:00", "2026-12-04T00:00:00-05:00")).toEqual([
      ["2026-12-01T14:00:00.000Z", "2026-12-01T15:00:00.000Z"],
      ["2026-12-01T16:00:00.000Z", "2026-12-01T17:00:00.000Z"],
      ["2026-12-01T18:00:00.000Z", "2026-12-01T22:00:00.000Z"],
      ["2026-12-03T14:00:00.000Z", "2026-12-03T22:00:00.000Z"],
    ]);
  });
});

describe("nextOpen", () => {
  it.each([
    ["inside business hours: the instant itself", "2026-12-01T10:15:00-05:00", "2026-12-01T15:15:00.000Z"],
    ["at opening time: the instant itself", "2026-12-01T09:00:00-05:00", "2026-12-01T14:00:00.000Z"],
    ["early morning: opening that day", "2026-12-01T06:00:00-05:00", "2026-12-01T14:00:00.000Z"],
    ["at closing time: next morning", "2026-12-01T17:00:00-05:00", "2026-12-02T14:00:00.000Z"],
    ["Friday evening: Monday morning", "2026-12-04T18:00:00-05:00", "2026-12-07T14:00:00.000Z"],
    ["Saturday: Monday morning", "2026-12-05T12:00:00-05:00", "2026-12-07T14:00:00.000Z"],
    ["before the freeze on its eve", "2026-12-18T16:00:00-05:00", "2026-12-18T21:00:00.000Z"],
    ["Friday evening before the freeze: after it", "2026-12-18T17:00:00-05:00", "2027-01-05T14:00:00.000Z"],
    ["inside the freeze: first business morning after it", "2026-12-24T10:00:00-05:00", "2027-01-05T14:00:00.000Z"],
  ])("%s", (_what, from, expected) => {
    expect(iso(nextOpen(officeWithHolidays, at(from)))).toBe(expected);
  });

  it("is null when no open time comes within the two-year horizon", () => {
    const from = at("2026-12-01T00:00:00Z");
    const long = calendar([hours("mon-fri", "09:00", "17:00")], [{ start: from, end: from + OPEN_HORIZON_MS + 10 * DAY, text: "forever" }]);
    expect(nextOpen(long, from)).toBeNull();
    expect(nextOpen(long, from + 20 * DAY)).not.toBeNull();
  });
});
