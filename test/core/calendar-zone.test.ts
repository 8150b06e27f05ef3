// The calendar reads time zones without luxon (core/calendar/zone.ts, freeze-bound.ts) to keep the
// Action's start-up small. luxon was the definition before, so these properties hold the new code
// to luxon's answers: the same offset at every instant, the same local day, the same freeze bounds
// (or luxon's own answer where the quick way stands aside), the same zones accepted.
import fc from "fast-check";
import { DateTime, IANAZone, Settings } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { freezeBound, luxonBound, quickBound } from "../../core/calendar/freeze-bound.js";
import { localDay } from "../../core/calendar/wall-clock.js";
import { intlOffset, isKnownZone, zoneFor } from "../../core/calendar/zone.js";

const DAY = 86_400_000;
const ZONES = ["UTC", "utc", "GMT", "Etc/GMT+5", "US/Eastern", ...Intl.supportedValuesOf("timeZone")];
const zone = fc.constantFrom(...ZONES);
// Year 1 to 9999: local mean times, the 1900s' changes, today's rules and rules far ahead.
const instant = fc.integer({ min: -62_135_596_800_000, max: Date.UTC(9999, 11, 31) });
const nearToday = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) });

afterEach(() => {
  Settings.now = () => Date.now();
});

describe("offsets", () => {
  it("are luxon's at every instant, in every zone", () => {
    fc.assert(
      fc.property(zone, fc.oneof(instant, nearToday), (name, at) => {
        expect(intlOffset(name, at)).toBe(IANAZone.create(name).offset(at));
      }),
      { numRuns: 3000 },
    );
  });

  it("are luxon's on both sides of this year's changes of offset", () => {
    for (const name of ["America/New_York", "Europe/London", "America/Santiago", "Australia/Lord_Howe", "Asia/Tehran"]) {
      for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 3 * 3_600_000 + 17 * 60_000) {
        expect(zoneFor(name).offset(at)).toBe(IANAZone.create(name).offset(at));
      }
    }
  });

  it("are luxon's before the common era too, and NaN for no instant at all", () => {
    for (const at of [-70_000_000_000_000, -62_200_000_000_000]) {
      for (const name of ["America/New_York", "Asia/Kolkata", "Europe/Paris"]) expect(intlOffset(name, at)).toBe(IANAZone.create(name).offset(at));
    }
    expect(intlOffset("America/New_York", Number.NaN)).toBeNaN();
    expect(IANAZone.create("America/New_York").offset(Number.NaN)).toBeNaN();
  });

  it("give the local day luxon gives", () => {
    fc.assert(
      fc.property(zone, fc.oneof(instant, nearToday), (name, at) => {
        const local = DateTime.fromMillis(at, { zone: IANAZone.create(name) });
        expect(localDay(zoneFor(name), at)).toBe(Date.UTC(local.year, local.month - 1, local.day) / DAY);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("zone names", () => {
  it("are accepted exactly when luxon accepts them", () => {
    const names = [...ZONES, "", "local", "system", "default", "UTC+3", "America/Nowhere", "america/new_york", "Mars/Olympus_Mons", "EST", "Z"];
    for (const name of names) expect(isKnownZone(name), name).toBe(IANAZone.isValidZone(name));
  });

  it("reject an unknown zone", () => {
    expect(() => zoneFor("Mars/Olympus_Mons")).toThrow(/Unknown time zone "Mars\/Olympus_Mons"/);
  });
});

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
const year = fc.oneof(fc.integer({ min: 1990, max: 2060 }), fc.integer({ min: 0, max: 9999 })).map((n) => String(n).padStart(4, "0"));
const fraction = fc.stringMatching(/^\.\d{1,3}$/);
const offset = fc.oneof(fc.constant("Z"), fc.tuple(fc.constantFrom("+", "-"), two(25), two(60)).map(([s, h, m]) => `${s}${h}:${m}`));
const time = fc
  .tuple(two(24), two(60), fc.option(fc.tuple(two(60), fc.option(fraction, { nil: "" })).map(([s, f]) => `:${s}${f}`), { nil: "" }), fc.option(offset, { nil: "" }))
  .map(([h, m, s, o]) => `T${h}:${m}${s}${o}`);
const boundText = fc.tuple(year, two(13), two(32), fc.option(time, { nil: "" })).map(([y, mo, d, t]) => `${y}-${mo}-${d}${t}`);
const side = fc.constantFrom("start" as const, "end" as const);
// Times around midnight and the small hours, where most zones change their clocks.
const nearChanges = fc
  .tuple(fc.integer({ min: 2024, max: 2028 }), two(12).filter((m) => m !== "00"), two(28).filter((d) => d !== "00"), fc.option(fc.tuple(two(3), two(59)).map(([h, m]) => `T${h}:${m}`), { nil: "" }))
  .map(([y, mo, d, t]) => `${y}-${mo}-${d}${t}`);
// Bounds on, and a day either side of, 2026's changes of offset in zones that change at night.
const CHANGES: Array<[string, string[]]> = [
  ["America/New_York", ["2026-03-08", "2026-11-01"]],
  ["Europe/London", ["2026-03-29", "2026-10-25"]],
  ["America/Santiago", ["2026-04-05", "2026-09-06"]],
  ["Australia/Lord_Howe", ["2026-04-05", "2026-10-04"]],
  ["America/Havana", ["2026-03-08", "2026-11-01"]],
];
const atChanges = fc
  .tuple(fc.constantFrom(...CHANGES), fc.nat(), fc.integer({ min: -1, max: 1 }), fc.option(fc.tuple(two(3), fc.constantFrom("00", "15", "30", "45")), { nil: null }))
  .map(([[name, days], pick, shift, clock]) => {
    const day = new Date(Date.parse(days[pick % days.length]!) + shift * DAY).toISOString().slice(0, 10);
    return { name, text: clock === null ? day : `${day}T${clock[0]}:${clock[1]}` };
  });
const SUMMER = Date.UTC(2026, 6, 1);
const WINTER = Date.UTC(2026, 0, 15);

describe("freeze bounds", () => {
  it("are luxon's, or its message, for every bound the pattern allows", () => {
    fc.assert(
      fc.property(boundText, zone, side, (text, name, s) => {
        expect(freezeBound(text, name, s)).toBe(luxonBound(text, name, s));
      }),
      { numRuns: 3000 },
    );
  });

  it("are computed without luxon only where every offset luxon might start from gives the same instant", () => {
    fc.assert(
      fc.property(fc.oneof(boundText, nearChanges), zone, side, (text, name, s) => {
        const quick = quickBound(text, name, s);
        if (quick === undefined) return;
        for (const now of [SUMMER, WINTER]) {
          Settings.now = () => now;
          expect(luxonBound(text, name, s)).toBe(quick);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("are luxon's whatever offset it starts from, next to changes of offset", () => {
    fc.assert(
      fc.property(atChanges, side, ({ name, text }, s) => {
        const quick = quickBound(text, name, s);
        for (const now of [SUMMER, WINTER]) {
          Settings.now = () => now;
          if (quick !== undefined) expect(luxonBound(text, name, s)).toBe(quick);
          else expect(freezeBound(text, name, s)).toBe(luxonBound(text, name, s));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("leave to luxon the bounds that fall in a change of offset", () => {
    // New York skips 02:00–03:00 on 2026-03-08 and repeats 01:00–02:00 on 2026-11-01; Santiago
    // skips its midnight on 2026-09-06.
    expect(quickBound("2026-03-08T02:30", "America/New_York", "start")).toBeUndefined();
    expect(quickBound("2026-11-01T01:30", "America/New_York", "start")).toBeUndefined();
    expect(quickBound("2026-09-06", "America/Santiago", "start")).toBeUndefined();
    expect(quickBound("2026-09-05", "America/Santiago", "end")).toBeUndefined();
    expect(freezeBound("2026-03-08T02:30", "America/New_York", "start")).toBe(luxonBound("2026-03-08T02:30", "America/New_York", "start"));
  });

  it("leave to luxon what is not a bound at all", () => {
    expect(quickBound("2026-12-20 ", "UTC", "start")).toBeUndefined();
    expect(freezeBound("2026-13-01", "UTC", "start")).toBe('"2026-13-01" is not a real date');
  });

  it("are computed without luxon for the freezes settings usually hold", () => {
    expect(quickBound("2026-12-20", "America/New_York", "start")).toBe(Date.parse("2026-12-20T05:00:00Z"));
    expect(quickBound("2027-01-04", "America/New_York", "end")).toBe(Date.parse("2027-01-05T05:00:00Z"));
    expect(quickBound("2026-12-24T12:00", "Europe/Berlin", "start")).toBe(Date.parse("2026-12-24T11:00:00Z"));
    expect(quickBound("2026-12-24T12:00:30.5-03:30", "Europe/Berlin", "start")).toBe(Date.parse("2026-12-24T15:30:30.500Z"));
    expect(quickBound("2026-12-24T12:00Z", "Asia/Tokyo", "end")).toBe(Date.parse("2026-12-24T12:00:00Z"));
  });
});
