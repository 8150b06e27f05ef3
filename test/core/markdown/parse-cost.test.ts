// Text whose parse would cost the App minutes of CPU (quadratic in nesting depth or in emphasis
// delimiters) is read as code: no command runs from it and no box in it counts.
import { describe, expect, it } from "vitest";
import { parseCommands } from "../../../core/commands.js";
import { parseMarkdown, tooCostlyToParse } from "../../../core/markdown/parse.js";
import { parseTaskItems } from "../../../core/markdown/task-items.js";

const LIMIT = 65_536;
const fill = (unit: string) => unit.repeat(Math.floor((LIMIT - 20) / unit.length));

describe("text too costly to parse", () => {
  it.each([
    ["nested ordered lists", fill("1. ")],
    ["nested quotes", fill(">")],
    ["nested bullets on one line", fill("* ")],
    ["nested mixed markers", fill("- + 1) ")],
    ["lists nested by indentation", Array.from({ length: 150 }, (_, i) => `${"  ".repeat(i)}- level ${i}`).join("\n")],
    ["emphasis delimiters", fill("*a")],
    ["emphasis delimiters over many lines of one paragraph", fill("*a*a*a*a*a*a*a*a*a*a\n")],
    ["strikethrough delimiters", fill("~a")],
  ])("%s: read as code, so a command after it does not run", (_name, body) => {
    expect(tooCostlyToParse(body)).toBe(true);
    expect(parseCommands(`${body}\n/promote`)).toEqual([]);
    expect(parseTaskItems(`${body}\n- [x] box`)).toEqual([]);
    expect(parseMarkdown(body).tree.children.map((n) => n.type)).toEqual(["code"]);
  });

  it.each([
    ["a hundred nested quotes", "> ".repeat(100) + "deep"],
    ["a long comment with ordinary emphasis", "Some **bold** and ~~struck~~ text.\n\n".repeat(1_800)],
    ["a table with bold cells", "| a | b |\n| --- | --- |\n" + "| **x** | *y* |\n".repeat(300)],
    ["numbers that are not list markers", "2026. was a year\n42 answers\n\t- + 1) mixed markers\n".repeat(700)],
  ])("%s: parsed as usual", (_name, body) => {
    expect(tooCostlyToParse(body)).toBe(false);
    expect(parseCommands(`${body}\n\n/status`)).toEqual([{ name: "status" }]);
  });
});
