// IANA time zones as the calendar needs them: is a name known, and what is a zone's offset from
// UTC at an instant. Written on `Intl` directly rather than through luxon, for the Action's
// start-up (docs/performance.md, "Action start-up"):
// - luxon is 71 KiB of the bundle, and compiling it (most of it date formatting the calendar
//   never does) cost every scheduled run ≈ 4 ms of CPU. The arithmetic is luxon's own
//   (IANAZone.offset in luxon 3.7), so both give the same offset at every instant;
//   test/core/calendar-zone.test.ts compares them across zones and centuries.
// - The first `Intl.DateTimeFormat` of a process costs ≈ 9 ms: V8 first lists every locale ICU
//   can format in. So a name is looked up in the list of time zones (≈ 1 ms, no locale data)
//   before a formatter is asked, UTC needs no formatter at all, and a caller may read offsets
//   another way (`readOffsetsWith`; the Action does, action/zone-offsets.ts).

/** A zone's offset from UTC, in minutes east, at an instant in epoch milliseconds. */
export type OffsetReader = (name: string, at: number) => number;

export interface Zone {
  readonly name: string;
  /** Minutes east of UTC in force at `at` (fractional where a zone kept seconds: Monrovia until 1972). */
  offset(at: number): number;
}

// Zone names come from settings (the App reads every installation's), so each map keyed by them
// keeps the last NAMES_KEPT names only, oldest out first.
const NAMES_KEPT = 256;

/** Keeps `value` under `key`, the oldest entry going first once the map holds `kept`. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, kept = NAMES_KEPT): V {
  if (map.size >= kept) map.delete(map.keys().next().value as K);
  map.set(key, value);
  return value;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(name: string): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { hour12: false, timeZone: name, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", era: "short" };
  return formatters.get(name) ?? remember(formatters, name, new Intl.DateTimeFormat("en-US", options));
}

/** The offset read from the local date and time Intl formats the instant as in the zone. */
export const intlOffset: OffsetReader = (name, at) => {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return NaN;
  for (const { type, value } of formatter(name).formatToParts(date)) {
    if (type === "era") bc = value === "BC";
    else if (type === "year") year = parseInt(value, 10);
    else if (type === "month") month = parseInt(value, 10);
    else if (type === "day") day = parseInt(value, 10);
    else if (type === "hour") hour = parseInt(value, 10);
    else if (type === "minute") minute = parseInt(value, 10);
    else if (type === "second") second = parseInt(value, 10);
  }
  if (bc) year = -Math.abs(year) + 1;
  // hour12: false still formats midnight as 24 in some ICU versions.
  const asUtc = utcMillis(year, month, day, hour === 24 ? 0 : hour, minute, second, 0);
  // The formatted time has no milliseconds: compare it with the instant's whole second.
  const over = at % 1000;
  const whole = at - (over >= 0 ? over : 1000 + over);
  return (asUtc - whole) / 60_000;
};

/** Date.UTC for every year: Date.UTC reads years 0–99 as 1900–1999. */
export function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const at = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (year >= 100 || year < 0) return at;
  const date = new Date(at);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

let canonical: Set<string> | null = null;

/**
 * The time zones this runtime lists, by their canonical names (`Intl.supportedValuesOf`), without
 * UTC. `Intl.DateTimeFormat` also takes aliases (US/Eastern) and any letter case.
 */
export function listedZones(): ReadonlySet<string> {
  return (canonical ??= new Set(Intl.supportedValuesOf("timeZone")));
}

const known = new Map<string, boolean>();

/** Whether this runtime's time-zone data knows `name` (as `Intl.DateTimeFormat` accepts it). */
export function isKnownZone(name: string): boolean {
  if (name === "UTC" || listedZones().has(name)) return true;
  if (name === "") return false;
  const answer = known.get(name);
  if (answer !== undefined) return answer;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name }).format();
    return remember(known, name, true);
  } catch {
    return remember(known, name, false);
  }
}

let reader: OffsetReader = intlOffset;

/** Reads every zone's offsets with `read` from now on (intlOffset again with null). */
export function readOffsetsWith(read: OffsetReader | null): void {
  reader = read ?? intlOffset;
}

const zones = new Map<string, Zone>();

/** The zone for an IANA name. Settings are validated upstream, so an unknown zone is a bug. */
export function zoneFor(name: string): Zone {
  const zone = zones.get(name);
  if (zone !== undefined) return zone;
  if (!isKnownZone(name)) throw new RangeError(`Unknown time zone "${name}": use an IANA name such as America/New_York.`);
  // UTC is never anything but UTC.
  return remember(zones, name, { name, offset: name === "UTC" ? () => 0 : cachedOffsets(name) });
}

// Walking day by day asks for the offset at the same instants again (a day after one edge is a
// day before the same edge two days on, and every walk starts from the same instant); reading an
// offset is the cost of the whole calendar, so the last few hundred answers per zone are kept.
// The offset of an instant never changes.
const OFFSETS_KEPT = 512;

function cachedOffsets(name: string): (at: number) => number {
  const kept = new Map<number, number>();
  return (at) => kept.get(at) ?? remember(kept, at, reader(name, at), OFFSETS_KEPT);
}
