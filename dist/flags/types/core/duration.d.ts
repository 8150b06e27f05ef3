import type { Duration } from "./model.js";
/** The accepted syntax, also published as the `pattern` of duration fields in the JSON Schemas. */
export declare const DURATION_PATTERN = "^(?=\\d)(?:\\d+w)?(?:\\d+d)?(?:\\d+h)?(?:\\d+m)?(?: +business)?$";
/**
 * Reads a duration. Returns the Duration, or a message saying what is wrong and how to write it.
 * `d` is always 24 hours and `w` 7 days, with or without `business`: `1d business` is
 * 24 business hours, not one business day.
 */
export declare function parseDuration(text: string): Duration | string;
/** A short human form of a length of time, largest units first: `7d`, `1d 12h`, `45m`. */
export declare function formatDuration(ms: number): string;
