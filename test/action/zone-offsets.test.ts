// The Action reads time-zone offsets through Date with TZ set (action/zone-offsets.ts) instead of
// Intl.DateTimeFormat. Both must give the same offset for every zone at every instant, and the
// process's own TZ must come out of it as it went in.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { dateOffset, WHOLE_MINUTES_FROM, zoneSwitching } from "../../action/zone-offsets.js";
import { addOpenTime, nextOpen } from "../../core/calendar.js";
import { intlOffset, listedZones, readOffsetsWith } from "../../core/calendar/zone.js";
import type { CalendarSpec } from "../../core/model.js";

const zones = [...listedZones()];
const saved = process.env.TZ;

afterEach(() => {
  readOffsetsWith(null);
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

describe("offsets read through Date", () => {
  it("can be read here (the main thread of a POSIX process)", () => {
    expect(zoneSwitching()).toBe(process.platform !== "win32");
  });

  it("are Intl's for every listed zone, from 1973 to 2200", () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: WHOLE_MINUTES_FROM, max: Date.UTC(2200, 0, 1) }), (name, at) => {
        expect(dateOffset(name, at)).toBe(intlOffset(name, at));
      }),
      { numRuns: 4000 },
    );
  });

  it("are Intl's minute by minute around this year's changes of offset", () => {
    const changes: Array<[string, string]> = [
      ["America/New_York", "2026-03-08T07:00:00Z"],
      ["America/New_York", "2026-11-01T06:00:00Z"],
      ["Europe/London", "2026-03-29T01:00:00Z"],
      ["America/Santiago", "2026-09-06T04:00:00Z"],
      ["Australia/Lord_Howe", "2026-10-03T15:30:00Z"],
    ];
    for (const [name, change] of changes) {
      for (let at = Date.parse(change) - 90 * 60_000; at <= Date.parse(change) + 90 * 60_000; at += 60_000 - 1) {
        expect(dateOffset(name, at)).toBe(intlOffset(name, at));
      }
    }
  });

  it("are Intl's where Date could not say: seconds before 1973, aliases, other letter cases", () => {
    const monrovia1971 = Date.UTC(1971, 5, 1);
    expect(dateOffset("Africa/Monrovia", monrovia1971)).toBe(intlOffset("Africa/Monrovia", monrovia1971));
    expect(dateOffset("Africa/Monrovia", monrovia1971)).toBe(-44.5);
    expect(dateOffset("US/Eastern", Date.UTC(2026, 0, 1))).toBe(-300);
    expect(dateOffset("america/new_york", Date.UTC(2026, 6, 1))).toBe(-240);
  });

  it("leave TZ as they found it, set or not", () => {
    process.env.TZ = "Europe/Paris";
    const paris = new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset();
    dateOffset("Asia/Tokyo", Date.UTC(2026, 0, 1));
    expect(process.env.TZ).toBe("Europe/Paris");
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(paris);
    delete process.env.TZ;
    dateOffset("Asia/Tokyo", Date.UTC(2026, 0, 1));
    expect("TZ" in process.env).toBe(false);
  });

  it("give the calendar the same answers", () => {
    const cal: CalendarSpec = {
      timezone: "America/New_York",
      businessHours: [{ days: [1, 2, 3, 4, 5], start: 9 * 60, end: 17 * 60, text: "mon-fri 09:00-17:00" }],
      freezes: [],
    };
    readOffsetsWith(dateOffset);
    // Friday 15:00 EST, open; 20 business hours on: 2 on Friday, 8 on Monday and Tuesday (EDT
    // since Sunday), 2 on Wednesday.
    const from = Date.UTC(2026, 2, 6, 20);
    expect(nextOpen(cal, from)).toBe(from);
    expect(addOpenTime(cal, from, 20 * 3_600_000)).toBe(Date.UTC(2026, 2, 11, 15));
    expect(nextOpen(cal, Date.UTC(2026, 2, 7, 12))).toBe(Date.UTC(2026, 2, 9, 13));
  });
});
