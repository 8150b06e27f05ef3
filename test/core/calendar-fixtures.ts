// Builders for calendar tests: instants are written as ISO-8601 with an explicit offset, so each
// test says in local time what it means and the expected UTC instant is checked exactly.
import type { BusinessHours, CalendarSpec, Freeze } from "../../core/model.js";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function at(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${text}`);
  return ms;
}

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

const DAYS: Record<string, number[]> = {
  "mon-fri": [1, 2, 3, 4, 5],
  "sat-sun": [6, 7],
  sun: [7],
  all: [1, 2, 3, 4, 5, 6, 7],
};

/** `hours("mon-fri", "09:00", "17:00")` as the settings parser resolves it. */
export function hours(days: string | number[], start: string, end: string): BusinessHours {
  const minutes = (hhmm: string): number => {
    const [h, m] = hhmm.split(":").map(Number);
    return h! * 60 + m!;
  };
  const dayList = typeof days === "string" ? DAYS[days] : days;
  if (dayList === undefined) throw new Error(`unknown test days ${String(days)}`);
  return { days: dayList, start: minutes(start), end: minutes(end), text: `${String(days)} ${start}-${end}` };
}

export function freeze(start: string, end: string, text = `${start}/${end}`): Freeze {
  return { start: at(start), end: at(end), text };
}

export function calendar(businessHours: BusinessHours[] | null, freezes: Freeze[] = [], timezone = "America/New_York"): CalendarSpec {
  return { timezone, businessHours, freezes };
}

// 2026-12-01 is a Tuesday; New York is on EST (-05:00) from November to March.
export const officeHours = calendar([hours("mon-fri", "09:00", "17:00")]);
/** `2026-12-20/2027-01-04` as the settings resolve it: both dates whole, New York time. */
export const holidays = freeze("2026-12-20T00:00:00-05:00", "2027-01-05T00:00:00-05:00", "2026-12-20/2027-01-04");
export const officeWithHolidays = calendar([hours("mon-fri", "09:00", "17:00")], [holidays]);
