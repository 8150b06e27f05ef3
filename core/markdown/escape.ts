// Text that people supply (reasons, titles, descriptions, gate names) ends up inside Markdown
// that stagegate owns: the tracking issue, its task lists and tables, and comments. Escaped
// text must render as exactly the words that were typed, and never as structure: no checkbox,
// list item, heading, table cell break, link, image, HTML, hidden marker or mention.

/**
 * U+200D ZERO WIDTH JOINER, written right after every `@`. GitHub links (and notifies) a
 * mention only when a login follows `@` directly. A backslash escape or `&#64;` would not do:
 * both render as a plain `@` again, in front of the login. The joiner is invisible, so `@pam`
 * still reads as `@pam`; wrapping names in backticks would also stop the mention, but would
 * render the text as code and change what people wrote.
 */
export const MENTION_BREAK = "\u200D";

// Characters that open or close inline constructs anywhere in a line: code, emphasis,
// strikethrough, links and images (a `(` or `!` is harmless once `[` and `]` are escaped),
// footnotes, table cells and math (`$`). They are always backslash-escaped.
const BACKSLASHED = new Set("\\`*_[]|~$");

// Block markers count only at the start of a line. Escaped text is one line, so only its first
// characters can be at a line start: a heading `#`, a list `-`, `+` or `1.`/`1)`, a setext `=`.
// (`>` and `<` are entities everywhere; `*`, `` ` ``, `~`, `|` are escaped anyway.)
const LEADING = /^(?:[#+=-]|\d{1,9}[.)])/;

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

// GFM links bare URLs from a scheme or `www.` onwards. A typed URL may be linked (it shows its
// whole destination), but a link that starts mid-text can swallow the backslash of a following
// escape, so the trigger itself is broken: `https\://`, `www\.`. Mentions and e-mail addresses
// are broken by MENTION_BREAK.
const SCHEME = /(?:https?|mailto|xmpp)$/i;
const WWW = /www$/i;

function startsUrl(ch: string, before: string): boolean {
  return (ch === ":" && SCHEME.test(before)) || (ch === "." && WWW.test(before));
}

/**
 * Makes untrusted text safe to place anywhere inline in stagegate's Markdown, including at the
 * start of a line and inside a table cell. Renders as the same words on one line.
 */
// Half a character (from a YAML `\uD800` escape) is not valid Unicode for GitHub: show U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeMarkdownInline(text: string, options: EscapeOptions = {}): string {
  let flat = text.replace(LONE_SURROGATE, "\uFFFD").replace(INVISIBLE, "").replace(WHITESPACE, " ").trim();
  if (options.maxLength !== undefined) flat = clipText(flat, options.maxLength);
  const leading = LEADING.exec(flat)?.[0] ?? "";
  let out = leading === "" ? "" : `${leading.slice(0, -1)}\\${leading.slice(-1)}`;
  for (let i = leading.length; i < flat.length; i++) {
    const ch = flat[i] as string;
    if (BACKSLASHED.has(ch) || startsUrl(ch, flat.slice(Math.max(0, i - 6), i))) out += `\\${ch}`;
    else if (ch === "@") out += `@${MENTION_BREAK}`;
    else out += ENTITIES[ch] ?? ch;
  }
  return out;
}
