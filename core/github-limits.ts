// GitHub's size limits on what stagegate writes. A write over a limit is refused (422) and the
// answer, the check or the summary is lost; so every body is fitted before it is sent, whatever
// the input that made it long (a comment full of commands, a plan with huge titles).

/** Issue comments and issue bodies: characters. */
export const COMMENT_BODY_MAX = 65_536;
export const ISSUE_BODY_MAX = 65_536;
/** Check-run `output.summary` and `output.text`: characters. */
export const CHECK_OUTPUT_MAX = 65_535;
/** A step's job summary (`$GITHUB_STEP_SUMMARY`): bytes. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;
/** Commands acted on per comment: one comment never causes more state commits than this. */
export const MAX_COMMANDS_PER_COMMENT = 10;

const CUT_NOTE = "\n\n_… cut to fit GitHub's size limit._";

/**
 * The text itself when it fits `max` characters, else its head with a note saying it was cut.
 * Never splits a surrogate pair (a lone half would make the body invalid UTF-8 for GitHub).
 */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - CUT_NOTE.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${CUT_NOTE}`.slice(0, max);
}

/** The same for a limit in UTF-8 bytes (the job summary). */
export function fitBytes(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  // Characters are at most 4 bytes: start from a length that surely fits, then grow by halves.
  let low = Math.floor(maxBytes / 4);
  let high = Math.min(text.length, maxBytes);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (encoder.encode(fitText(text, mid)).length <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return fitText(text, low);
}
