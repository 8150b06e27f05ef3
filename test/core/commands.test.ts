import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { helpText, parseCommands } from "../../core/commands.js";
import { parseMarkdown, walk } from "../../core/markdown/parse.js";

describe("parseCommands", () => {
  it("reads each command and its arguments", () => {
    expect(parseCommands("/promote")).toEqual([{ name: "promote", force: false, reason: "" }]);
    expect(parseCommands("/promote looks good")).toEqual([{ name: "promote", force: false, reason: "looks good" }]);
    expect(parseCommands("/promote --force provider down, checked by hand")).toEqual([{ name: "promote", force: true, reason: "provider down, checked by hand" }]);
    expect(parseCommands("/pause  waiting for support ")).toEqual([{ name: "pause", reason: "waiting for support" }]);
    expect(parseCommands("/resume now please")).toEqual([{ name: "resume" }]);
    expect(parseCommands("/status")).toEqual([{ name: "status" }]);
    expect(parseCommands("/help me")).toEqual([{ name: "help" }]);
  });

  it("reads rollback targets as a percent or a stage name", () => {
    expect(parseCommands("/rollback errors up")).toEqual([{ name: "rollback", to: null, reason: "errors up" }]);
    expect(parseCommands("/rollback to 25% errors up")).toEqual([{ name: "rollback", to: { percent: 25 }, reason: "errors up" }]);
    expect(parseCommands("/rollback to 25 errors up")).toEqual([{ name: "rollback", to: { percent: 25 }, reason: "errors up" }]);
    expect(parseCommands("/rollback to 0.5%: errors up")).toEqual([{ name: "rollback", to: { percent: 0.5 }, reason: "errors up" }]);
    expect(parseCommands("/rollback TO quarter, errors up")).toEqual([{ name: "rollback", to: { stage: "quarter" }, reason: "errors up" }]);
    expect(parseCommands("/rollback too many errors")).toEqual([{ name: "rollback", to: null, reason: "too many errors" }]);
  });

  it("returns a command that lacks its required reason as invalid, with what to write instead", () => {
    for (const [text, command] of [
      ["/promote --force", "promote"],
      ["/promote --FORCE   ", "promote"],
      ["/pause", "pause"],
      ["/rollback", "rollback"],
      ["/rollback to quarter", "rollback"],
      ["/rollback to", "rollback"],
      ["/rollback to 150% oops", "rollback"],
    ] as const) {
      const [parsed] = parseCommands(text);
      expect(parsed).toMatchObject({ name: "invalid", command });
      expect(parsed?.name === "invalid" && parsed.message).toMatch(/`\/(promote|pause|rollback)|percent/);
    }
    expect(parseCommands("/pause")[0]).toEqual({ name: "invalid", command: "pause", message: expect.stringContaining("/pause <reason>") });
  });

  it("answers anything else that looks like a command as unknown", () => {
    expect(parseCommands("/deploy now\n/Promote")).toEqual([
      { name: "unknown", text: "/deploy now" },
      { name: "promote", force: false, reason: "" },
    ]);
  });

  it("needs the command at the start of a line, as a whole word", () => {
    expect(parseCommands("please /promote\n- /promote\n/promote.\n/usr/bin is full\n/ promote\n//promote\n\\/promote")).toEqual([]);
    expect(parseCommands("  /status\r\n\t/help\rthanks")).toEqual([{ name: "status" }, { name: "help" }]);
  });

  it("ignores commands in code, quotes and hidden HTML", () => {
    const body = [
      "```",
      "/rollback to 0 from a fence",
      "```",
      "~~~md",
      "/pause tilde fence",
      "~~~",
      "",
      "    /rollback indented code",
      "",
      "> /rollback quoted",
      "lazy continuation of the quote",
      "",
      "> > /pause nested quote",
      "",
      "Inline `code that wraps",
      "/promote --force inside` it",
      "",
      "<!--",
      "/rollback hidden in a comment",
      "-->",
      "",
      "/status",
    ].join("\n");
    expect(parseCommands(body)).toEqual([{ name: "status" }]);
  });

  it("finds several commands in order, between other lines", () => {
    expect(parseCommands("Thanks!\n\n/pause checking a spike\n\nsome text\n/resume\n")).toEqual([{ name: "pause", reason: "checking a spike" }, { name: "resume" }]);
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("/", "`", ">", "\n", "\r", " ", "\t", "<", "!", "-", "~", "a", "p", "promote", "rollback", "to", "%", "1") }), (text) => {
        expect(Array.isArray(parseCommands(text))).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => Array.isArray(parseCommands(text))), { numRuns: 300 });
  });

  // Text lines that cannot open a construct spanning later lines (fences, quotes, HTML, code).
  const plainLine = fc.string({ unit: fc.constantFrom(..."abc XYZ,.!?-*_#[]()1".split("")) }).filter((l) => !/^\s*\//.test(l));
  const command = fc.constantFrom<readonly [string, object]>(
    ["/status", { name: "status" }],
    ["/help", { name: "help" }],
    ["/resume", { name: "resume" }],
    ["/pause lunch", { name: "pause", reason: "lunch" }],
    ["/promote", { name: "promote", force: false, reason: "" }],
    ["/rollback to beta bad", { name: "rollback", to: { stage: "beta" }, reason: "bad" }],
  );

  it("finds a command surrounded by arbitrary text lines", () => {
    fc.assert(
      fc.property(fc.array(plainLine, { maxLength: 5 }), command, fc.array(plainLine, { maxLength: 5 }), (before, [text, parsed], after) => {
        const body = [...before, "", text, "", ...after].join("\n");
        expect(parseCommands(body)).toEqual([parsed]);
      }),
    );
  });

  it("never finds a command inside a code fence", () => {
    fc.assert(
      fc.property(fc.array(plainLine, { maxLength: 5 }), command, fc.constantFrom("```", "~~~", "````"), fc.array(plainLine, { maxLength: 5 }), (before, [text], fence, after) => {
        const body = [...before, "", fence, text, fence, "", ...after].join("\n");
        expect(parseCommands(body)).toEqual([]);
      }),
    );
  });
});

describe("helpText", () => {
  it("lists every command with who may use it, as a table that renders", () => {
    const help = helpText();
    for (const command of ["/promote", "/promote --force <reason>", "/rollback", "/pause <reason>", "/resume", "/status", "/help"]) {
      expect(help).toContain(`| \`${command}`);
    }
    let rows = 0;
    walk(parseMarkdown(help).tree, (node) => {
      if (node.type === "tableRow") {
        rows++;
        expect(node.children).toHaveLength(3);
      }
    });
    expect(rows).toBe(8);
    expect(help).toContain("Promoters named in the settings and repository admins");
  });

  it("shows examples that parse as the commands they illustrate", () => {
    const examples = /```text\n([\s\S]*?)```/.exec(helpText())?.[1] as string;
    const parsed = examples.trim().split("\n").flatMap((line) => parseCommands(line));
    expect(parsed.map((c) => c.name)).toEqual(["promote", "promote", "rollback", "rollback", "pause", "resume"]);
    expect(parseCommands(helpText())).toEqual([]);
  });
});
