// Durations as plans write them: `30m`, `24h`, `7d`, `2w`, combinations from the largest unit
// down (`1d12h`), and a trailing ` business` for bakes that count only business hours.
// Minutes are the smallest unit: the clock runs on a schedule, so seconds would promise a
// precision nobody gets.
import type { Duration } from "./model.js";

const MINUTE = 60_000;
const UNIT_MS = { w: 7 * 24 * 60 * MINUTE, d: 24 * 60 * MINUTE, h: 60 * MINUTE, m: MINUTE } as const;
type Unit = keyof typeof UNIT_MS;
const UNITS = Object.keys(UNIT_MS) as Unit[];

/** The accepted syntax, also published as the `pattern` of duration fields in the JSON Schemas. */
export const DURATION_PATTERN = "^(?=\\d)(?:\\d+w)?(?:\\d+d)?(?:\\d+h)?(?:\\d+m)?(?: +business)?$";
const DURATION_RE = new RegExp(DURATION_PATTERN);

/** Longer than any rollout could sensibly bake; keeps arithmetic far from float trouble. */
const MAX_MS = 10 * 366 * UNIT_MS.d;

const EXAMPLES = "write a whole number and a unit (m, h, d or w), like 30m, 24h, 7d, 2w or 1d12h, optionally followed by \" business\"";

/**
 * Reads a duration. Returns the Duration, or a message saying what is wrong and how to write it.
 * `d` is always 24 hours and `w` 7 days, with or without `business`: `1d business` is
 * 24 business hours, not one business day.
 */
export function parseDuration(text: string): Duration | string {
  const written = text.trim();
  if (written === "") return `a duration cannot be empty: ${EXAMPLES}`;
  if (!DURATION_RE.test(written)) return `"${written}" is not a duration: ${explain(written)}`;
  const business = / +business$/.test(written);
  const amounts = written.replace(/ +business$/, "").match(/\d+[wdhm]/g)!;
  let ms = 0;
  for (const amount of amounts) {
    ms += Number(amount.slice(0, -1)) * UNIT_MS[amount.slice(-1) as Unit];
  }
  if (ms > MAX_MS) return `"${written}" is longer than ten years: that is not a bake time`;
  return { ms, business, text: written };
}

function explain(text: string): string {
  const core = text.replace(/\s+business$/i, "");
  if (/business/i.test(text) && !/ business$/.test(text)) return `"business" goes last, in lower case, after a space (like 8h business)`;
  if (/^\d+\s*(s|sec|secs|seconds?)$/i.test(core)) return "seconds are not supported; the smallest unit is minutes (m)";
  if (/\d[.,]\d/.test(core)) return "use whole numbers: write 90m rather than 1.5h";
  if (/^\d+$/.test(core)) return `a unit is missing: ${EXAMPLES}`;
  // "2 hours" → "2h": every spelled-out unit starts with its letter.
  const spelled = /^(\d+)\s*(min|minute|hour|hr|day|week)s?$/i.exec(core);
  if (spelled) return `write ${spelled[1]}${spelled[2]![0]!.toLowerCase()}`;
  if (/[WDHM]/.test(core) && /^[\dwdhmWDHM]+$/.test(core)) return "units are lower case: m, h, d, w";
  if (/^(\d+[wdhm])+$/.test(core)) return "write each unit once, from the largest to the smallest, like 1w2d or 1d12h";
  return EXAMPLES;
}

/** A short human form of a length of time, largest units first: `7d`, `1d 12h`, `45m`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let rest = Math.round(Math.abs(ms) / MINUTE) * MINUTE;
  const parts: string[] = [];
  for (const unit of UNITS) {
    // Weeks read worse than days in a timeline ("2w 3d" vs "17d"), so stop at days.
    if (unit === "w") continue;
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * UNIT_MS[unit];
  }
  return parts.length === 0 ? "0m" : sign + parts.join(" ");
}
