// A freeze's bound as an instant: a bare date is the start of its local day (as a start) or of the
// next one (as an end), a date-time is exact, local to the zone unless it carries Z or an offset.
//
// luxon defines the answer (`DateTime.fromISO` in the zone): where the local time is ambiguous or
// skipped, luxon resolves it from an offset it guesses from the current clock, and freezes have
// always been read that way. Loading luxon costs the Action's start-up ≈ 4 ms of CPU on every
// run (it is a chunk loaded on first use in dist/), so the usual bound — a real date and time,
// no change of offset within a day either side of it — is computed here, where every guess luxon
// could make leads to the same instant; anything else is left to luxon itself.
// test/core/calendar-zone.test.ts shows both give the same instant or the same message.
import { DateTime } from "luxon";
import { utcMillis, zoneFor, type Zone } from "./zone.js";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

// FREEZE_PATTERN's bound, with its parts captured.
const BOUND_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))?)?$/;

/** The instant a freeze starts or ends at, or why the text is not a real date. */
export function freezeBound(text: string, zone: string, side: "start" | "end"): number | string {
  return quickBound(text, zone, side) ?? luxonBound(text, zone, side);
}

/** luxon's reading: the definition, and the answer whenever quickBound has none. */
export function luxonBound(text: string, zone: string, side: "start" | "end"): number | string {
  const time = DateTime.fromISO(text, { zone });
  if (!time.isValid) return `"${text}" is not a real ${text.includes("T") ? "date-time" : "date"}`;
  if (text.includes("T")) return time.toMillis();
  // Day arithmetic in the zone, not +24h: a freeze that spans a DST change still ends at midnight.
  return (side === "start" ? time.startOf("day") : time.plus({ days: 1 }).startOf("day")).toMillis();
}

/** The same instant as luxonBound, or undefined when only luxon can say. */
export function quickBound(text: string, zone: string, side: "start" | "end"): number | undefined {
  const parts = BOUND_RE.exec(text);
  if (parts === null) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.slice(1, 7).map((p) => (p === undefined ? undefined : Number(p))) as number[];
  // Years before 1000 and every field out of range (which luxon calls not real) are luxon's.
  if (year! < 1000 || month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // luxon's reading of a fraction of a second, to the same rounding.
  const ms = parts[7] === undefined ? 0 : Math.floor(parseFloat(`0.${parts[7]}`) * 1000);
  const wall = utcMillis(year!, month!, day!, hour, minute, second, ms);
  if (parts[8] !== undefined) return wall;
  if (parts[9] !== undefined) {
    const hours = Number(parts[10]);
    const minutes = Number(parts[11]);
    if (hours > 23 || minutes > 59) return undefined;
    return wall - (parts[9] === "-" ? -1 : 1) * (hours * 60 + minutes) * MINUTE_MS;
  }
  const local = zoneFor(zone);
  if (parts[4] !== undefined || side === "start") return steadyInstant(local, wall);
  // The end of a bare date is the next local midnight; luxon gets there from the date's own.
  return steadyInstant(local, wall) === undefined ? undefined : steadyInstant(local, wall + DAY_MS);
}

/**
 * The instant the local clock reads `wall` (a wall time written as if it were UTC), when the
 * zone's offset stays the same for a day either side: then that instant is the only one, and
 * luxon finds it from any offset it starts from. Undefined near a change of offset.
 */
function steadyInstant(zone: Zone, wall: number): number | undefined {
  const offset = zone.offset(wall - DAY_MS);
  if (zone.offset(wall + DAY_MS) !== offset) return undefined;
  const instant = wall - offset * MINUTE_MS;
  return zone.offset(instant) === offset ? instant : undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
