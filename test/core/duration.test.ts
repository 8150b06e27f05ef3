import { describe, expect, it } from "vitest";
import { DURATION_PATTERN, formatDuration, parseDuration } from "../../core/duration.js";

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

describe("parseDuration", () => {
  it.each([
    ["30m", 30 * MIN, false],
    ["24h", 24 * H, false],
    ["7d", 7 * D, false],
    ["2w", 14 * D, false],
    ["1d12h", 36 * H, false],
    ["1w2d3h4m", 9 * D + 3 * H + 4 * MIN, false],
    ["8h business", 8 * H, true],
    ["1d  business", D, true],
    ["  45m  ", 45 * MIN, false],
    ["0m", 0, false],
  ])("reads %j", (text, ms, business) => {
    expect(parseDuration(text)).toEqual({ ms, business, text: text.trim() });
  });

  it.each([
    ["", "a duration cannot be empty"],
    ["90s", "seconds are not supported; the smallest unit is minutes (m)"],
    ["1.5h", "use whole numbers: write 90m rather than 1.5h"],
    ["24", "a unit is missing"],
    ["2 hours", "write 2h"],
    ["30 mins", "write 30m"],
    ["1 Week", "write 1w"],
    ["24H", "units are lower case"],
    ["12h1d", "write each unit once, from the largest to the smallest"],
    ["1h1h", "write each unit once"],
    ["8h Business", '"business" goes last, in lower case, after a space'],
    ["business 8h", '"business" goes last'],
    ["8hbusiness", '"business" goes last'],
    ["a day", "write a whole number and a unit (m, h, d or w)"],
    ["h", "write a whole number and a unit"],
    ["5000w", "longer than ten years"],
  ])("rejects %j with a message that says how to write it", (text, message) => {
    const result = parseDuration(text);
    expect(typeof result).toBe("string");
    expect(result).toContain(message);
  });

  it("publishes a pattern that accepts exactly the texts it reads", () => {
    const pattern = new RegExp(DURATION_PATTERN);
    for (const text of ["30m", "1d12h", "8h business", "2w"]) expect(pattern.test(text)).toBe(true);
    for (const text of ["", "90s", "1.5h", "24", "12h1d", " business", "business"]) expect(pattern.test(text)).toBe(false);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0m"],
    [45 * MIN, "45m"],
    [36 * H, "1d 12h"],
    [17 * D + 30 * MIN, "17d 30m"],
    [-2 * H, "-2h"],
    [29_999, "0m"],
    [30_000, "1m"],
  ])("writes %d ms as %j, days being the largest unit", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
