// Properties of the comment parser and of escaping, over generated input: whatever a comment
// says, reading it never throws; a valid command line means exactly its command; a command
// shown as code or quoted never runs; and any text a person types survives escaping as text.
import fc from "fast-check";
import type { Nodes } from "mdast";
import { describe, expect, it } from "vitest";
import { parseCommands } from "../../core/commands.js";
import { escapeMarkdownInline } from "../../core/markdown/escape.js";
import { parseMarkdown, walk } from "../../core/markdown/parse.js";
import { anyText, commandLine, isBareUrl, shown } from "./arbitraries.js";

// Override with RUNS=5000 for a deeper search.
const RUNS = { numRuns: Number(process.env.RUNS ?? 200) };
const KNOWN = new Set(["promote", "rollback", "pause", "resume", "status", "help", "unknown", "invalid"]);

describe("parseCommands", () => {
  it("never throws, and reads a command only from a line that starts with /", () => {
    fc.assert(
      fc.property(anyText, (body) => {
        const commands = parseCommands(body);
        const candidates = body.split(/\r\n|\r|\n/).filter((line) => /^[ \t]*\/[A-Za-z]/.test(line)).length;
        expect(commands.length).toBeLessThanOrEqual(candidates);
        for (const command of commands) expect(KNOWN.has(command.name)).toBe(true);
      }),
      RUNS,
    );
  });

  it("reads a valid command line as exactly the command it was written from", () => {
    fc.assert(
      fc.property(commandLine, ({ line, command }) => {
        expect(parseCommands(line)).toEqual([command]);
      }),
      RUNS,
    );
  });

  // Paragraphs apart: inside one paragraph a reason's `<!--` may hide the lines below it, as it
  // would on GitHub.
  it("reads every command of a comment, in order, whatever the line endings", () => {
    fc.assert(
      fc.property(fc.array(commandLine, { minLength: 1, maxLength: 5 }), fc.constantFrom("\n", "\r\n", "\r"), (lines, eol) => {
        expect(parseCommands(lines.map((l) => l.line).join(eol + eol))).toEqual(lines.map((l) => l.command));
      }),
      RUNS,
    );
  });

  it("never runs a command after an unclosed fence, which runs to the end of the comment", () => {
    fc.assert(
      fc.property(commandLine, ({ line }) => {
        expect(parseCommands(`Look:\n\n\`\`\`\n${line}\n\n/status`)).toEqual([]);
      }),
      RUNS,
    );
  });

  const hiding: Array<[string, (line: string) => string]> = [
    ["a backtick fence", (line) => `\`\`\`\n${line}\n\`\`\``],
    ["a tilde fence with an info string", (line) => `~~~~ text\n${line}\n~~~~`],
    ["indented code", (line) => `    ${line}`],
    ["a quote", (line) => `> ${line}`],
    ["a quote's lazy continuation", (line) => `> said someone\n${line}`],
    ["a nested quote in a list", (line) => `- note\n\n  > > ${line}`],
    ["an HTML comment", (line) => `<!--\n${line}\n-->`],
  ];

  it.each(hiding)("never runs a command inside %s, and still runs the one after it", (_, hide) => {
    fc.assert(
      fc.property(commandLine, ({ line }) => {
        expect(parseCommands(hide(line))).toEqual([]);
        expect(parseCommands(`${hide(line)}\n\n/status`)).toEqual([{ name: "status" }]);
      }),
      RUNS,
    );
  });
});

/** Every node of a document but text and bare URLs: what escaped text must never create. */
function structure(markdown: string): string[] {
  const types: string[] = [];
  walk(parseMarkdown(markdown).tree, (node: Nodes) => {
    if (node.type === "text" || isBareUrl(node)) return false;
    types.push(node.type === "listItem" ? `listItem:${String(node.checked)}` : node.type);
  });
  return types;
}

function words(markdown: string): string {
  const out: string[] = [];
  walk(parseMarkdown(markdown).tree, (node: Nodes) => void (node.type === "text" && out.push(node.value)));
  return out.join("");
}

// The escape writes an invisible joiner after every @ so that no login right after it is linked.
const unbreak = (text: string) => text.replaceAll("@\u200D", "@");

describe("escapeMarkdownInline", () => {
  it("keeps any typed text on one line, showing the same words", () => {
    fc.assert(
      fc.property(anyText, (typed) => {
        const escaped = escapeMarkdownInline(typed);
        expect(escaped).not.toMatch(/[\r\n]/);
        expect(unbreak(words(escaped))).toBe(unbreak(shown(typed)));
      }),
      RUNS,
    );
  });

  it("creates no structure at the start of a line, in a task item or in a table cell", () => {
    fc.assert(
      fc.property(anyText, (typed) => {
        const escaped = escapeMarkdownInline(typed);
        const marker = "<!-- stagegate:item signoff/a -->";
        expect(structure(escaped)).toEqual(escaped === "" ? ["root"] : ["root", "paragraph"]);
        expect(structure(`- [ ] ${escaped} ${marker}`)).toEqual(["root", "list", "listItem:false", "paragraph", "html"]);
        expect(structure(`| a |\n| --- |\n| ${escaped} |`)).toEqual(["root", "table", "tableRow", "tableCell", "tableRow", "tableCell"]);
      }),
      RUNS,
    );
  });
});
