// The emulator's notion of "now". Every timestamp it writes (created_at, updated_at, commit
// dates, check-run times) comes from here, so a sandbox can replay weeks of a rollout in
// seconds. The clock never moves by itself: the test or the sandbox moves it.

export interface Clock {
  now(): Date;
  iso(): string;
  set(date: Date | string): void;
  advance(ms: number): void;
}

export function createClock(start: Date | string): Clock {
  let current = toMillis(start);
  return {
    now: () => new Date(current),
    iso: () => isoSeconds(current),
    set(date) {
      current = toMillis(date);
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance needs a non-negative number of milliseconds, got ${ms}`);
      current += ms;
    },
  };
}

// GitHub writes timestamps to the second, without milliseconds.
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function toMillis(date: Date | string): number {
  const ms = typeof date === "string" ? Date.parse(date) : date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${String(date)}`);
  return ms;
}
