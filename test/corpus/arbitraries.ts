// Generators for the property tests: text of every kind (any code point, graphemes, lone
// surrogates, Markdown's own punctuation) and valid command lines with the command they mean.
import fc from "fast-check";
import type { Nodes } from "mdast";
import type { Command } from "../../core/commands.js";

/** Pieces that mean something to Markdown, GitHub or stagegate, to be shuffled together. */
const TOKENS = [
  "/promote", "/rollback", "/pause", "/status", " to ", " --force ", "\n", "\r\n", "\r", "\n\n", "```", "~~~", "> ", ">", "    ", "\t",
  "<!--", "-->", "<details>", "</details>", "`", "- ", "* ", "+ ", "1. ", "1) ", "[ ]", "[x]", "[X]", "[\n]", "|", "---", "\\", "#",
  "<!-- stagegate:item signoff/a -->", "<!-- stagegate:item exit/beta/b -->", "<!-- stagegate:rollout r -->", "%E0%A4%A", "@acme/team",
  "https://x.example", "www.x.example", "&amp;", "&#0;", "\u0000", "\u200b", "\u202e", "\uD800", "\uDC00", "😀", "👩🏽‍💻", "word", " ",
];

export const markdownSoup: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: "grapheme", maxLength: 4 })), { maxLength: 60 })
  .map((parts) => parts.join(""));

/** Text of any kind, lone surrogates included (they arrive through YAML `\u` escapes). */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("\uD800", "\uDFFF", "a", " ", "\n"), maxLength: 20 }),
  markdownSoup,
);

/** What escaping promises to show: the words typed, on one line, without controls and bidi overrides. */
export function shown(typed: string): string {
  return typed
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD") // half a character shows as U+FFFD
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, "").replace(/[\s\u0085]+/g, " ").trim();
}

/**
 * A bare URL that GFM links shows its whole destination, so it deceives nobody; escaping lets
 * such links be (GitHub's own parser does not even make them from escaped text).
 */
export function isBareUrl(node: Nodes): boolean {
  if (node.type !== "link" || node.children.length !== 1 || node.children[0]!.type !== "text") return false;
  const text = node.children[0]!.value;
  return [text, `http://${text}`, `mailto:${text}`].includes(node.url) && /^(?:https?|mailto):/.test(node.url);
}

// ---- Command lines --------------------------------------------------------------------------

/** A reason as people write them: one line, any characters, nothing to trim. */
const reason = fc
  .oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), fc.string({ unit: "binary", minLength: 1, maxLength: 30 }), markdownSoup)
  .map((text) => text.replace(/[\r\n\u2028\u2029]/g, " ").trim())
  .filter((text) => text !== "");

/** Spaces and tabs between words. */
const gap = fc.stringMatching(/^[ \t]{1,3}$/);
/** Up to three spaces: still the start of a line (four would make indented code). */
const indent = fc.stringMatching(/^ {0,3}$/);

function anyCase(word: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
}

const stageName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const target = fc.oneof(
  stageName.map((stage) => ({ text: stage, to: { stage } })),
  fc.integer({ min: 0, max: 100 }).chain((n) => fc.constantFrom(`${n}`, `${n}%`).map((text) => ({ text, to: { percent: n } }))),
  fc.integer({ min: 0, max: 999 }).map((tenths) => ({ text: (tenths / 10).toFixed(1), to: { percent: Number((tenths / 10).toFixed(1)) } })),
);

export interface CommandLine {
  line: string;
  command: Command;
}

const line = (...parts: string[]) => parts.join("");

/** A valid command line and the command it means. */
export const commandLine: fc.Arbitrary<CommandLine> = fc.oneof(
  fc.tuple(indent, anyCase("promote")).map(([i, name]): CommandLine => ({ line: line(i, "/", name), command: { name: "promote", force: false, reason: "" } })),
  fc
    .tuple(indent, anyCase("promote"), gap, reason.filter((r) => !/^--force(?:[ \t]|$)/i.test(r)))
    .map(([i, name, g, r]): CommandLine => ({ line: line(i, "/", name, g, r), command: { name: "promote", force: false, reason: r } })),
  fc
    .tuple(indent, anyCase("promote"), gap, anyCase("--force"), gap, reason)
    .map(([i, name, g1, force, g2, r]): CommandLine => ({ line: line(i, "/", name, g1, force, g2, r), command: { name: "promote", force: true, reason: r } })),
  fc
    .tuple(indent, anyCase("rollback"), gap, reason.filter((r) => !/^to(?:[ \t]|$)/i.test(r)))
    .map(([i, name, g, r]): CommandLine => ({ line: line(i, "/", name, g, r), command: { name: "rollback", to: null, reason: r } })),
  fc
    .tuple(indent, anyCase("rollback"), gap, anyCase("to"), gap, target, fc.constantFrom("", ":", ","), gap, reason)
    .map(([i, name, g1, to, g2, t, punct, g3, r]): CommandLine => ({ line: line(i, "/", name, g1, to, g2, t.text, punct, g3, r), command: { name: "rollback", to: t.to, reason: r } })),
  fc.tuple(indent, anyCase("pause"), gap, reason).map(([i, name, g, r]): CommandLine => ({ line: line(i, "/", name, g, r), command: { name: "pause", reason: r } })),
  fc
    .tuple(indent, fc.constantFrom("resume", "status", "help" as const), fc.option(fc.tuple(gap, reason)))
    .chain(([i, name, rest]) => anyCase(name).map((written): CommandLine => ({ line: line(i, "/", written, rest === null ? "" : rest.join("")), command: { name } }))),
);
