// Time-zone offsets for the Action, read through `Date` in the zone rather than through
// `Intl.DateTimeFormat`. Both answer from the same ICU time-zone data, but the first
// `Intl.DateTimeFormat` of a process costs ≈ 9 ms of CPU before it formats anything (V8 lists
// every locale ICU can format in), and a scheduled run needs offsets only, no locale: with the
// calendar in New York that was a tenth of every run's CPU (docs/performance.md, "Action
// start-up"). Node reads `TZ` again whenever it is assigned (it documents setting it at run
// time), and V8 then answers `getTimezoneOffset` for that zone from ICU with a fresh cache.
//
// Where the two could differ, Intl answers:
// - before 1973: `Date` rounds offsets to whole minutes, and some zones kept offsets in seconds
//   until 1972 (Monrovia's −0:44:30);
// - names that are not in Intl's list exactly as written (aliases, other letter cases) and names
//   without a `/`: ICU reads `TZ` through its own host detection, which accepts fewer;
// - on Windows, where Node hands `TZ` to ICU only when it is set, never when it is removed;
// - wherever setting `TZ` changes nothing (a worker thread has its own copy of the environment),
//   which two zones of known offsets show before the first use.
// The variable is restored before anything else runs (all of this is synchronous), so no other
// code ever sees it changed. test/action/zone-offsets.test.ts compares both ways zone by zone.
import { intlOffset, listedZones, type OffsetReader } from "../core/calendar/zone.js";

/** From here on every zone Intl lists has whole-minute offsets. */
export const WHOLE_MINUTES_FROM = Date.UTC(1973, 0, 1);

export const dateOffset: OffsetReader = (name, at) => {
  if (!(at >= WHOLE_MINUTES_FROM) || !name.includes("/") || !listedZones().has(name) || !zoneSwitching()) return intlOffset(name, at);
  return offsetIn(name, at);
};

let switching: boolean | null = null;

/** Whether `TZ` takes effect here: Tokyo and Honolulu differ at every instant, 1970 included. */
export function zoneSwitching(): boolean {
  return (switching ??= process.platform !== "win32" && offsetIn("Asia/Tokyo", 0) === 540 && offsetIn("Pacific/Honolulu", 0) === -600);
}

function offsetIn(name: string, at: number): number {
  const saved = process.env.TZ;
  process.env.TZ = name;
  try {
    // 0 - x, not -x: UTC+0 is 0, never -0.
    return 0 - new Date(at).getTimezoneOffset();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}
