import { describe, expect, it } from "vitest";
import { addOpenTime, OPEN_HORIZON_MS, openTimeBetween } from "../../core/calendar.js";
import { at, calendar, DAY, freeze, HOUR, hours, iso, officeHours, officeWithHolidays } from "./calendar-fixtures.js";

describe("openTimeBetween", () => {
  it.each([
    ["a whole working day", "2026-12-01T00:00:00-05:00", "2026-12-02T00:00:00-05:00", 8 * HOUR],
    ["a working week, Monday to Monday", "2026-11-30T00:00:00-05:00", "2026-12-07T00:00:00-05:00", 40 * HOUR],
    ["a weekend", "2026-12-05T00:00:00-05:00", "2026-12-07T00:00:00-05:00", 0],
    ["from mid-afternoon to next mid-morning", "2026-12-01T15:00:00-05:00", "2026-12-02T10:30:00-05:00", 3.5 * HOUR],
    ["a range ending at opening time", "2026-12-01T00:00:00-05:00", "2026-12-01T09:00:00-05:00", 0],
    ["across the whole holiday freeze", "2026-12-18T00:00:00-05:00", "2027-01-06T00:00:00-05:00", 16 * HOUR],
    ["a reversed range", "2026-12-02T00:00:00-05:00", "2026-12-01T00:00:00-05:00", 0],
  ])("%s", (_what, from, to, expected) => {
    expect(openTimeBetween(officeWithHolidays, at(from), at(to))).toBe(expected);
  });

  // How fast this is belongs to `npm run bench`, not to a timed test.
  it("counts a year of office hours (261 working days in 2027)", () => {
    const from = at("2027-01-01T00:00:00-05:00");
    const to = at("2028-01-01T00:00:00-05:00");
    expect(openTimeBetween(officeHours, from, to)).toBe(261 * 8 * HOUR);
  });
});

describe("addOpenTime: where a business bake is served", () => {
  it.each([
    ["within one afternoon", "2026-12-01T10:00:00-05:00", 3 * HOUR, "2026-12-01T18:00:00.000Z"],
    ["ending exactly at closing time: the closing instant", "2026-12-01T09:00:00-05:00", 8 * HOUR, "2026-12-01T22:00:00.000Z"],
    ["over a night", "2026-12-01T15:00:00-05:00", 4 * HOUR, "2026-12-02T16:00:00.000Z"],
    ["entered at night: counting from next opening", "2026-12-01T20:00:00-05:00", 1 * HOUR, "2026-12-02T15:00:00.000Z"],
    ["over a weekend", "2026-12-04T15:00:00-05:00", 8 * HOUR, "2026-12-07T20:00:00.000Z"],
    ["entered on Saturday", "2026-12-05T11:00:00-05:00", 30 * 60_000, "2026-12-07T14:30:00.000Z"],
    ["over several days", "2026-12-01T09:00:00-05:00", 24 * HOUR, "2026-12-03T22:00:00.000Z"],
    ["over the holiday freeze", "2026-12-18T15:00:00-05:00", 8 * HOUR, "2027-01-05T20:00:00.000Z"],
    ["entered inside the freeze", "2026-12-28T10:00:00-05:00", 1 * HOUR, "2027-01-05T15:00:00.000Z"],
  ])("%s", (_what, from, ms, expected) => {
    expect(iso(addOpenTime(officeWithHolidays, at(from), ms))).toBe(expected);
  });

  it("over a short freeze in the middle of a working day", () => {
    const cal = calendar([hours("mon-fri", "09:00", "17:00")], [freeze("2026-12-01T11:00:00-05:00", "2026-12-01T15:00:00-05:00")]);
    expect(iso(addOpenTime(cal, at("2026-12-01T10:00:00-05:00"), 2 * HOUR))).toBe("2026-12-01T21:00:00.000Z");
  });

  it("is wall-clock time outside freezes when there are no business hours", () => {
    const cal = calendar(null, [freeze("2026-12-01T12:00:00Z", "2026-12-01T18:00:00Z")]);
    expect(iso(addOpenTime(cal, at("2026-12-01T10:00:00Z"), 4 * HOUR))).toBe("2026-12-01T20:00:00.000Z");
  });

  it("of nothing is the start itself, open or closed", () => {
    expect(iso(addOpenTime(officeWithHolidays, at("2026-12-01T10:00:00-05:00"), 0))).toBe("2026-12-01T15:00:00.000Z");
    expect(iso(addOpenTime(officeWithHolidays, at("2026-12-05T10:00:00-05:00"), 0))).toBe("2026-12-05T15:00:00.000Z");
    expect(iso(addOpenTime(officeWithHolidays, at("2026-12-24T10:00:00-05:00"), -HOUR))).toBe("2026-12-24T15:00:00.000Z");
  });

  it("is null for a duration that is not a number", () => {
    expect(addOpenTime(officeHours, at("2026-12-01T10:00:00-05:00"), Number.POSITIVE_INFINITY)).toBeNull();
    expect(addOpenTime(officeHours, at("2026-12-01T10:00:00-05:00"), Number.NaN)).toBeNull();
  });

  it("serves bakes longer than the search horizon", () => {
    const always = calendar(null);
    const from = at("2026-12-01T00:00:00Z");
    expect(addOpenTime(always, from, 3 * OPEN_HORIZON_MS)).toBe(from + 3 * OPEN_HORIZON_MS);
  });

  describe("is null when the calendar stays shut for the whole horizon", () => {
    const from = at("2026-12-01T00:00:00Z");
    const shutFor = (start: number, length: number) => ({ start, end: start + length, text: "shut" });

    it("from the start", () => {
      const cal = calendar(null, [shutFor(from, OPEN_HORIZON_MS)]);
      expect(addOpenTime(cal, from, HOUR)).toBeNull();
    });
    it("after some of the bake was served", () => {
      const cal = calendar(null, [shutFor(from + HOUR, OPEN_HORIZON_MS)]);
      expect(addOpenTime(cal, from, 2 * HOUR)).toBeNull();
    });
    it("for a stretch that spans two search windows", () => {
      const cal = calendar(null, [shutFor(from + OPEN_HORIZON_MS - DAY, OPEN_HORIZON_MS + 2 * DAY)]);
      expect(addOpenTime(cal, from, OPEN_HORIZON_MS)).toBeNull();
    });
    it("but not for a stretch a day shorter than the horizon", () => {
      const cal = calendar(null, [shutFor(from + HOUR, OPEN_HORIZON_MS - DAY)]);
      expect(addOpenTime(cal, from, 2 * HOUR)).toBe(from + OPEN_HORIZON_MS - DAY + 2 * HOUR);
    });
  });
});
