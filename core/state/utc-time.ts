// Times in the state file are ISO-8601 UTC to the second (`2026-12-03T14:00:00Z`): exact, sortable
// as text, and the same in every time zone a reader happens to be in. Milliseconds are dropped
// so that a state written twice in the same second is byte-identical.

const UTC_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** `2026-12-03T14:00:00Z` for an instant (epoch ms), milliseconds truncated. */
export function toUtcIso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Whether the text is a real instant written as `YYYY-MM-DDTHH:MM:SSZ` (no 2026-02-30). */
export function isUtcIso(text: string): boolean {
  if (!UTC_SECONDS.test(text)) return false;
  const ms = Date.parse(text);
  return Number.isFinite(ms) && toUtcIso(ms) === text;
}

/** Epoch ms of a time written by `toUtcIso` (callers validate with `isUtcIso` first). */
export function fromUtcIso(text: string): number {
  return Date.parse(text);
}
