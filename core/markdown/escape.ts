// Text that people supply (reasons, titles, descriptions, gate names) ends up inside Markdown
// that stagegate owns: the tracking issue, its task lists and tables, and comments. Escaped
// text must render as exactly the words that were typed, and never as structure: no checkbox,
// list item, heading, table cell break, link, image, HTML, hidden marker or mention.

/**
 * U+200D ZERO WIDTH JOINER, written right after every `@`. GitHub links (and notifies) a
 * mention only when a login follows `@` directly, and it finds mentions in the rendered text,
 * where a backslash escape or `&#64;` have already turned back into a plain `@`. The joiner
 * is invisible, so `@pam` still reads as `@pam`; wrapping names in backticks would also stop
 * the mention but would render the text as code and change what people wrote.
 */
export const MENTION_BREAK = "\u200D";

// Every ASCII punctuation character that starts or ends some Markdown construct: emphasis,
// code, links, images, headings, list and task markers, tables, thematic breaks, setext
// underlines, strikethrough, footnotes, math (`$`), and `:` so that no `https:` or `mailto:`
// becomes an autolink. CommonMark lets any ASCII punctuation be backslash-escaped.
const BACKSLASHED = new Set("\\`*_{}[]()#+-.!|~:=$^");

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

// Control characters render as nothing (or U+FFFD); bidirectional overrides can make text read
// differently from what it says. Neither has a place in a reason or a title.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;
// Any run of whitespace, line breaks included, becomes one space: escaped text is one line.
const WHITESPACE = /[\s\u0085]+/g;

/** Cuts text to at most `max` characters (code points), marking the cut with `…`. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join("") + "…";
}

export interface EscapeOptions {
  /** Clip the text (after collapsing whitespace, before escaping) to this many characters. */
  maxLength?: number;
}

/**
 * Makes untrusted text safe to place anywhere inline in stagegate's Markdown, including at the
 * start of a line and inside a table cell. Renders as the same words on one line.
 */
export function escapeMarkdownInline(text: string, options: EscapeOptions = {}): string {
  let flat = text.replace(INVISIBLE, "").replace(WHITESPACE, " ").trim();
  if (options.maxLength !== undefined) flat = clipText(flat, options.maxLength);
  let out = "";
  for (const ch of flat) {
    if (BACKSLASHED.has(ch)) out += `\\${ch}`;
    else if (ch === "@") out += `@${MENTION_BREAK}`;
    else out += ENTITIES[ch] ?? ch;
  }
  return out;
}
