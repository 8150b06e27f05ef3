import fc from "fast-check";
import type { Link, Nodes } from "mdast";
import { describe, expect, it } from "vitest";
import { clipText, escapeMarkdownInline, MENTION_BREAK } from "../../../core/markdown/escape.js";
import { parseMarkdown, walk } from "../../../core/markdown/parse.js";
import { parseTaskItems } from "../../../core/markdown/task-items.js";

/**
 * Node types that appear when the text is parsed. A bare URL (`https://…`, `www.…`) is still
 * linked the way GitHub links any URL written in text: such a link shows its whole destination,
 * so it is the text itself, not an injected link, and counts as text here.
 */
function nodeTypes(markdown: string): string[] {
  const types: string[] = [];
  walk(parseMarkdown(markdown).tree, (node: Nodes) => {
    if (node.type === "link" && isBareUrl(node)) {
      types.push("text");
      return false;
    }
    types.push(node.type);
  });
  return types;
}

function isBareUrl(node: Link): boolean {
  const [only, ...rest] = node.children;
  if (only?.type !== "text" || rest.length > 0) return false;
  return [only.value, `http://${only.value}`, `mailto:${only.value}`].includes(node.url);
}

/** The text a reader sees. */
function renderedText(markdown: string): string {
  let text = "";
  walk(parseMarkdown(markdown).tree, (node: Nodes) => {
    if (node.type === "text") text += node.value;
  });
  return text;
}

/** What a person should read: the same words on one line, mentions broken. */
function expected(input: string): string {
  return input
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, "")
    .replace(/[\s\u0085]+/g, " ")
    .trim()
    .replaceAll("@", `@${MENTION_BREAK}`);
}

const ATTACKS = [
  "- [x] <!-- stagegate:item signoff/security -->",
  "@org/team please look",
  "@pam",
  "</details><details open>",
  "``` code ``` and `inline`",
  "[x](javascript:alert(1))",
  "![img](https://evil.example/x.png)",
  "# Heading",
  "a | b | c",
  "line one\n- [ ] line two\n\n1. three",
  "> quote",
  "    indented",
  "***",
  "Title\n===",
  "<https://evil.example>",
  "https://evil.example and www.evil.example and x@evil.example",
  "&#64;pam &amp; &lt;b&gt;",
  "**bold** _em_ ~~strike~~ $x^2$ [^1]",
  "trailing backslash \\",
  "two spaces  \nhard break",
];

describe("escapeMarkdownInline", () => {
  it.each(ATTACKS)("renders %j as its own words and nothing else", (attack) => {
    const escaped = escapeMarkdownInline(attack);
    expect(escaped).not.toContain("\n");
    const types = nodeTypes(escaped);
    expect(types.slice(0, 2)).toEqual(["root", "paragraph"]);
    expect(new Set(types.slice(2))).toEqual(new Set(["text"]));
    expect(renderedText(escaped)).toBe(expected(attack));
  });

  it("cannot forge a keyed task item, even at the start of a list item", () => {
    const body = `- [ ] ${escapeMarkdownInline("x <!-- stagegate:item signoff/a -->")}\n${escapeMarkdownInline("- [x] <!-- stagegate:item signoff/security -->")}\n`;
    const items = parseTaskItems(body);
    expect(items).toHaveLength(1);
    expect(items[0]?.key).toBeNull();
  });

  it("breaks mentions with an invisible joiner so @user reads the same but notifies no one", () => {
    expect(escapeMarkdownInline("ping @pam and @acme/sre")).toBe(`ping @${MENTION_BREAK}pam and @${MENTION_BREAK}acme/sre`);
  });

  it("turns HTML into text and keeps table cells whole", () => {
    expect(escapeMarkdownInline("</details>")).toBe("&lt;/details&gt;");
    const table = `| a | b |\n| - | - |\n| ${escapeMarkdownInline("x | y")} | z |\n`;
    const cells: string[] = [];
    walk(parseMarkdown(table).tree, (node) => {
      if (node.type === "tableCell") cells.push(node.children.map((c) => (c.type === "text" ? c.value : c.type)).join(""));
    });
    expect(cells).toEqual(["a", "b", "x | y", "z"]);
  });

  it("collapses line breaks and whitespace runs into single spaces", () => {
    expect(escapeMarkdownInline("  a\r\n\tb\u2028c  ")).toBe("a b c");
  });

  it("clips long text after collapsing and before escaping, so no escape is cut in half", () => {
    expect(escapeMarkdownInline("abc*def", { maxLength: 5 })).toBe("abc\\*…");
    expect(escapeMarkdownInline("short", { maxLength: 5 })).toBe("short");
  });

  it("renders any string as its own words, as a paragraph, a task title or a table cell", () => {
    const piece = fc.constantFrom(...ATTACKS, "[", "]", "<", ">", "@", "`", "|", "\\", "\n", "!", "*", "_", "~", "$", ":", ".", "&", "&gt;", "#", " ", "-", "+", "=", "1.", "2)", "https", "www", "mailto", "x", "(", ")");
    const text = fc.oneof(fc.string({ unit: "grapheme-ascii" }), fc.string(), fc.array(piece).map((p) => p.join("")));
    fc.assert(
      fc.property(text, (input) => {
        const escaped = escapeMarkdownInline(input);
        const want = expected(input);
        expect(renderedText(escaped)).toBe(want);
        const asTitle = `- [ ] ${escaped}`;
        expect(parseTaskItems(asTitle).length).toBe(want === "" ? 0 : 1);
        expect(nodeTypes(asTitle).filter((t) => !["root", "list", "listItem", "paragraph", "text"].includes(t))).toEqual([]);
        const cell = `| h |\n| - |\n| ${escaped} |\n`;
        expect(nodeTypes(cell).filter((t) => !["root", "table", "tableRow", "tableCell", "text"].includes(t))).toEqual([]);
        // Between other text, and inside the emphasis the renderer puts role names in.
        expect(renderedText(`a ${escaped} b`)).toBe(`a ${want} b`);
        expect(nodeTypes(`_role: ${escaped}_`).filter((t) => !["root", "paragraph", "emphasis", "text"].includes(t))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("clipText", () => {
  it("counts characters, not UTF-16 units, and marks the cut", () => {
    expect(clipText("😀😀😀", 2)).toBe("😀…");
    expect(clipText("abc", 3)).toBe("abc");
    expect(clipText("abc", 0)).toBe("…");
  });
});
