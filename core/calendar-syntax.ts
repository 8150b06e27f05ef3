// The calendar as the settings write it: business hours (`mon-fri 09:00-17:00`), freezes
// (`2026-12-20/2027-01-04`) and the IANA time zone both are read in. Everything is resolved
// here, once, so the engine never re-reads text: hours become minutes after local midnight,
// freezes become instants.
import { freezeBound } from "./calendar/freeze-bound.js";
import { isKnownZone } from "./calendar/zone.js";
import type { BusinessHours, Freeze } from "./model.js";
import { closest } from "./suggest.js";

const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const DAY = `(?:${DAY_NAMES.join("|")})`;
const DAY_SPEC = `${DAY}(?:-${DAY})?`;
const CLOCK = "(?:[01]\\d|2[0-3]):[0-5]\\d";

/** Published as the `pattern` of `business-hours` in the settings JSON Schema. */
export const BUSINESS_HOURS_PATTERN = `^${DAY_SPEC}(?: *, *${DAY_SPEC})* +${CLOCK}-(?:${CLOCK}|24:00)$`;
const BUSINESS_HOURS_RE = new RegExp(BUSINESS_HOURS_PATTERN);

const HOURS_EXAMPLE = "write days then hours, like mon-fri 09:00-17:00 or mon,wed,fri 10:00-16:00";

/**
 * Reads one business-hours entry. Day ranges may wrap around the week (`fri-mon`); hours are a
 * half-open local interval (`09:00-17:00` is open at 09:00 and closed at 17:00), so they cannot
 * cross midnight: `24:00` ends a day, and a night shift is two entries.
 */
export function parseBusinessHours(text: string): BusinessHours | string {
  const written = text.trim();
  if (!BUSINESS_HOURS_RE.test(written)) return `"${written}" is not business hours: ${explainHours(written)}`;
  const split = written.lastIndexOf(" ");
  const days = new Set<number>();
  for (const spec of written.slice(0, split).split(",")) {
    const [from, to = from] = spec.trim().split("-").map((d) => DAY_NAMES.indexOf(d as (typeof DAY_NAMES)[number]));
    for (let d = from!; ; d = (d + 1) % 7) {
      days.add(d + 1);
      if (d === to) break;
    }
  }
  const [start, end] = written.slice(split + 1).split("-").map(minutes) as [number, number];
  if (end <= start) {
    return `"${written}" ends before it starts: hours cannot cross midnight (use 24:00 to end a day, and a second entry for the morning after)`;
  }
  return { days: [...days].sort((a, b) => a - b), start, end, text: written };
}

function minutes(clock: string): number {
  const [h, m] = clock.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

function explainHours(text: string): string {
  const parts = /^(.*?)\s+(\d.*)$/.exec(text);
  if (parts === null) return HOURS_EXAMPLE;
  const [, dayPart, timePart] = parts as unknown as [string, string, string];
  if (/\s/.test(timePart)) return `write the hours without spaces, like 09:00-17:00`;
  for (const name of dayPart.split(/[,-]/).map((d) => d.trim())) {
    if (!(DAY_NAMES as readonly string[]).includes(name)) {
      return `"${name}" is not a day: use ${DAY_NAMES.join(", ")} (ranges like mon-fri, lists like mon,wed,fri)`;
    }
  }
  const times = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(timePart);
  if (times === null) return `"${timePart}" is not a time range: write HH:MM-HH:MM, like 09:00-17:00`;
  const [, h1, m1, h2, m2] = times.map(Number) as [number, number, number, number, number];
  if (times[1]!.length === 1 || times[3]!.length === 1) return "write hours with two digits, like 09:00";
  if (h1 === 24) return "24:00 can only end a range";
  for (const [h, m] of [[h1, m1], [h2, m2]] as const) {
    if (h > 24 || m > 59 || (h === 24 && m > 0)) return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")} is not a time of day`;
  }
  return HOURS_EXAMPLE;
}

const DATE = "\\d{4}-\\d{2}-\\d{2}";
const BOUND = `${DATE}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,3})?)?(?:Z|[+-]\\d{2}:\\d{2})?)?`;

/** Published as the `pattern` of freeze entries in the settings JSON Schema. */
export const FREEZE_PATTERN = `^${BOUND}(?:/${BOUND})?$`;
const FREEZE_RE = new RegExp(FREEZE_PATTERN);

/** Checks only the shape of a freeze; the dates are resolved by `parseFreeze` once the zone is known. */
export function freezeSyntaxProblem(text: string): string | null {
  const written = text.trim();
  if (FREEZE_RE.test(written)) return null;
  if (/\s-\s|\s\/|\/\s/.test(written)) return `"${written}" is not a freeze: separate start and end with "/" and no spaces, like 2026-12-20/2027-01-04`;
  if (/\d{1,2}\/\d{1,2}\/\d{2,4}/.test(written)) return `"${written}" is not a freeze: write dates as YYYY-MM-DD, like 2026-12-20/2027-01-04`;
  return `"${written}" is not a freeze: write YYYY-MM-DD/YYYY-MM-DD (both days whole) or date-times like 2026-12-24T12:00/2026-12-26T08:00`;
}

/**
 * Resolves a freeze in a time zone. A bare date covers its whole local day (as a start it means
 * that day's midnight, as an end the next day's midnight); a date-time is an exact bound, local
 * unless it carries `Z` or an offset. A single date freezes that one day.
 */
export function parseFreeze(text: string, zone: string): Freeze | string {
  const written = text.trim();
  const syntax = freezeSyntaxProblem(written);
  if (syntax !== null) return syntax;
  const [first, second = first] = written.split("/") as [string, string?];
  const start = freezeBound(first, zone, "start");
  if (typeof start === "string") return start;
  const end = freezeBound(second, zone, "end");
  if (typeof end === "string") return end;
  if (end <= start) return `freeze "${written}" ends before it starts`;
  return { start, end, text: written };
}

/** Published as the `pattern` of `timezone`: an IANA name, not an offset. */
export const TIMEZONE_PATTERN = "^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*$";
const TIMEZONE_RE = new RegExp(TIMEZONE_PATTERN);

/** Null when `name` is an IANA time zone this runtime knows; otherwise what to write instead. */
export function timezoneProblem(name: string): string | null {
  if (TIMEZONE_RE.test(name) && isKnownZone(name)) return null;
  const known = ["UTC", ...Intl.supportedValuesOf("timeZone")];
  const lastPart = name.split("/").pop()!.toLowerCase();
  const guess = known.find((z) => z.split("/").pop()!.toLowerCase() === lastPart) ?? closest(name, known);
  const hint = guess === null ? "" : ` (did you mean "${guess}"?)`;
  return `unknown time zone "${name}"${hint}: use an IANA name such as America/New_York, Europe/Berlin or UTC`;
}
