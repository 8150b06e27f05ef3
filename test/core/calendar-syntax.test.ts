import { describe, expect, it } from "vitest";
import {
  BUSINESS_HOURS_PATTERN,
  FREEZE_PATTERN,
  freezeSyntaxProblem,
  parseBusinessHours,
  parseFreeze,
  timezoneProblem,
} from "../../core/calendar-syntax.js";

const NY = "America/New_York";
const instant = (iso: string) => Date.parse(iso);

describe("business hours", () => {
  it.each([
    ["mon-fri 09:00-17:00", [1, 2, 3, 4, 5], 9 * 60, 17 * 60],
    ["mon,wed,fri 10:00-16:00", [1, 3, 5], 600, 960],
    ["mon, wed ,fri 10:00-16:00", [1, 3, 5], 600, 960],
    ["sat-sun 00:00-24:00", [6, 7], 0, 1440],
    ["fri-mon 08:30-12:00", [1, 5, 6, 7], 510, 720],
    ["sun 23:00-23:59", [7], 1380, 1439],
    ["mon-tue,thu 09:00-17:00", [1, 2, 4], 540, 1020],
  ])("reads %j", (text, days, start, end) => {
    expect(parseBusinessHours(text)).toEqual({ days, start, end, text });
  });

  it.each([
    ["mon-fri", "write days then hours, like mon-fri 09:00-17:00"],
    ["monday-friday 09:00-17:00", '"monday" is not a day: use mon, tue, wed, thu, fri, sat, sun'],
    ["Mon-Fri 09:00-17:00", '"Mon" is not a day'],
    ["mon-fri 9-5", '"9-5" is not a time range: write HH:MM-HH:MM'],
    ["mon-fri 9:00-17:00", "write hours with two digits, like 09:00"],
    ["mon-fri 24:00-24:00", "24:00 can only end a range"],
    ["mon-fri 09:00-25:00", "25:00 is not a time of day"],
    ["mon-fri 09:60-17:00", "09:60 is not a time of day"],
    ["mon-fri 09:00-24:30", "24:30 is not a time of day"],
    ["mon-fri 17:00-09:00", "ends before it starts: hours cannot cross midnight"],
    ["mon-fri 09:00-09:00", "ends before it starts"],
    ["mon-fri 09:00 - 17:00", "write the hours without spaces"],
    ["09:00-17:00", "write days then hours"],
    ["mon-wed-fri 09:00-17:00", "write days then hours, like mon-fri 09:00-17:00"],
  ])("rejects %j: %s", (text, message) => {
    const result = parseBusinessHours(text);
    expect(typeof result).toBe("string");
    expect(result).toContain(message);
  });

  it("publishes a pattern that agrees with the parser on syntax", () => {
    const pattern = new RegExp(BUSINESS_HOURS_PATTERN);
    expect(pattern.test("mon-fri 09:00-17:00")).toBe(true);
    expect(pattern.test("sat 00:00-24:00")).toBe(true);
    expect(pattern.test("mon-fri 9:00-17:00")).toBe(false);
    expect(pattern.test("mon-fri 24:00-24:00")).toBe(false);
  });
});

describe("freezes", () => {
  it("covers both dates whole, in the calendar's time zone", () => {
    expect(parseFreeze("2026-12-20/2027-01-04", NY)).toEqual({
      start: instant("2026-12-20T05:00:00Z"),
      end: instant("2027-01-05T05:00:00Z"),
      text: "2026-12-20/2027-01-04",
    });
  });

  it("ends at local midnight even across a daylight-saving change", () => {
    const freeze = parseFreeze("2026-03-07/2026-03-08", NY);
    expect(freeze).toMatchObject({ start: instant("2026-03-07T05:00:00Z"), end: instant("2026-03-09T04:00:00Z") });
  });

  it("reads date-times as exact bounds, local unless they carry an offset", () => {
    expect(parseFreeze("2026-12-24T12:00/2026-12-26T08:00", NY)).toMatchObject({
      start: instant("2026-12-24T17:00:00Z"),
      end: instant("2026-12-26T13:00:00Z"),
    });
    expect(parseFreeze("2026-12-24T12:00Z/2026-12-24T18:30:00+01:00", NY)).toMatchObject({
      start: instant("2026-12-24T12:00:00Z"),
      end: instant("2026-12-24T17:30:00Z"),
    });
  });

  it("freezes a single date for that whole day, and mixes dates with date-times", () => {
    expect(parseFreeze("2026-12-25", "UTC")).toMatchObject({ start: instant("2026-12-25T00:00:00Z"), end: instant("2026-12-26T00:00:00Z") });
    expect(parseFreeze("2026-12-24T12:00/2026-12-26", "UTC")).toMatchObject({ start: instant("2026-12-24T12:00:00Z"), end: instant("2026-12-27T00:00:00Z") });
  });

  it.each([
    ["2027-01-04/2026-12-20", 'freeze "2027-01-04/2026-12-20" ends before it starts'],
    ["2026-12-24T12:00/2026-12-24T12:00", "ends before it starts"],
    ["2026-02-30", '"2026-02-30" is not a real date'],
    ["2026-12-24T25:00/2026-12-26", '"2026-12-24T25:00" is not a real date-time'],
    ["2026-12-20/2026-13-01", '"2026-13-01" is not a real date'],
    ["2026-12-20 - 2027-01-04", 'separate start and end with "/" and no spaces'],
    ["12/20/2026", "write dates as YYYY-MM-DD"],
    ["christmas", "write YYYY-MM-DD/YYYY-MM-DD"],
  ])("rejects %j: %s", (text, message) => {
    const result = parseFreeze(text, NY);
    expect(typeof result).toBe("string");
    expect(result).toContain(message);
  });

  it("checks the shape alone before the zone is known", () => {
    expect(freezeSyntaxProblem("2026-12-20/2027-01-04")).toBeNull();
    expect(freezeSyntaxProblem("2026-12-20 / 2027-01-04")).toContain("no spaces");
    expect(new RegExp(FREEZE_PATTERN).test("2026-12-24T12:00:00.000Z/2026-12-26")).toBe(true);
  });
});

describe("time zones", () => {
  it.each(["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata"])("accepts %s", (zone) => {
    expect(timezoneProblem(zone)).toBeNull();
  });

  it.each([
    ["America/NewYork", 'unknown time zone "America/NewYork" (did you mean "America/New_York"?)'],
    ["New_York", '(did you mean "America/New_York"?)'],
    ["Mars/Olympus", 'unknown time zone "Mars/Olympus": use an IANA name'],
    ["+02:00", "use an IANA name such as America/New_York"],
  ])("rejects %j", (zone, message) => {
    expect(timezoneProblem(zone)).toContain(message);
  });
});
