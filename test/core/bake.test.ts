import { describe, expect, it } from "vitest";
import { bakeEnd, bakeRemaining } from "../../core/bake.js";
import type { Stage } from "../../core/model.js";
import { at, calendar, HOUR, iso, officeWithHolidays } from "./calendar-fixtures.js";

const stage = (bake: { ms: number; business: boolean; text: string } | null): Stage => ({
  name: "quarter",
  percent: 25,
  audience: null,
  bake,
  exit: [],
});
const wall24h = stage({ ms: 24 * HOUR, business: false, text: "24h" });
const business8h = stage({ ms: 8 * HOUR, business: true, text: "8h business" });
const noBake = stage(null);

describe("bakeEnd", () => {
  it.each([
    ["a plain bake runs on the wall clock, weekend and freeze or not", wall24h, "2026-12-18T15:00:00-05:00", "2026-12-19T20:00:00.000Z"],
    ["a business bake counts only open time", business8h, "2026-12-01T09:00:00-05:00", "2026-12-01T22:00:00.000Z"],
    ["a business bake entered on Friday afternoon is served on Monday", business8h, "2026-12-04T15:00:00-05:00", "2026-12-07T20:00:00.000Z"],
    ["a business bake waits out the holiday freeze", business8h, "2026-12-18T15:00:00-05:00", "2027-01-05T20:00:00.000Z"],
    ["no bake: the stage may be left at once", noBake, "2026-12-05T12:00:00-05:00", "2026-12-05T17:00:00.000Z"],
  ])("%s", (_what, s, entered, expected) => {
    expect(iso(bakeEnd(officeWithHolidays, s, at(entered)))).toBe(expected);
  });

  it("is Infinity when a business bake can never be served", () => {
    const shut = calendar([]);
    expect(bakeEnd(shut, business8h, at("2026-12-01T09:00:00-05:00"))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("bakeRemaining", () => {
  const entered = at("2026-12-04T15:00:00-05:00"); // a Friday afternoon

  it("of a plain bake is wall-clock time to its end", () => {
    expect(bakeRemaining(officeWithHolidays, wall24h, entered, at("2026-12-05T09:00:00-05:00"))).toEqual({
      remainingMs: 6 * HOUR,
      until: at("2026-12-05T15:00:00-05:00"),
      business: false,
    });
  });

  it("of a business bake is the open time still to serve, which a weekend does not shorten", () => {
    const until = at("2026-12-07T15:00:00-05:00");
    for (const now of ["2026-12-04T17:00:00-05:00", "2026-12-05T12:00:00-05:00", "2026-12-07T09:00:00-05:00"]) {
      expect(bakeRemaining(officeWithHolidays, business8h, entered, at(now))).toEqual({ remainingMs: 6 * HOUR, until, business: true });
    }
    expect(bakeRemaining(officeWithHolidays, business8h, entered, at("2026-12-07T11:30:00-05:00")).remainingMs).toBe(3.5 * HOUR);
  });

  it("is zero once served, and stays zero", () => {
    for (const s of [wall24h, business8h]) {
      expect(bakeRemaining(officeWithHolidays, s, entered, at("2026-12-07T15:00:00-05:00")).remainingMs).toBe(0);
      expect(bakeRemaining(officeWithHolidays, s, entered, at("2027-02-01T00:00:00Z")).remainingMs).toBe(0);
    }
  });

  it("of no bake is nothing, from the moment the stage is entered", () => {
    expect(bakeRemaining(officeWithHolidays, noBake, entered, entered)).toEqual({ remainingMs: 0, until: entered, business: false });
  });

  it("of a business bake that can never be served is all still owed, with no end", () => {
    const shut = calendar([]);
    expect(bakeRemaining(shut, business8h, entered, at("2026-12-07T11:00:00-05:00"))).toEqual({
      remainingMs: 8 * HOUR,
      until: Number.POSITIVE_INFINITY,
      business: true,
    });
  });
});
