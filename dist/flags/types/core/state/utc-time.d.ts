/** `2026-12-03T14:00:00Z` for an instant (epoch ms), milliseconds truncated. */
export declare function toUtcIso(ms: number): string;
/** Whether the text is a real instant written as `YYYY-MM-DDTHH:MM:SSZ` (no 2026-02-30). */
export declare function isUtcIso(text: string): boolean;
/** Epoch ms of a time written by `toUtcIso` (callers validate with `isUtcIso` first). */
export declare function fromUtcIso(text: string): number;
