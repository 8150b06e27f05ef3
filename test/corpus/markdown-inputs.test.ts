// Comments and tracking-issue bodies of the corpus: which commands a comment runs, which boxes a
// body holds, and that ticking one of those boxes is seen as exactly that tick.
import { describe, expect, it } from "vitest";
import { commandsToAct, parseCommands, type ParsedCommand } from "../../core/commands.js";
import { diffTicks, setItemChecked } from "../../core/markdown/tick-diff.js";
import { keyedItems, parseTaskItems } from "../../core/markdown/task-items.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import { corpus } from "./corpus.js";

describe("comments", () => {
  it.each(corpus<{ why: string; commands: ParsedCommand[]; refused?: number }>("comments"))("$name: $expected.why", ({ text, expected }) => {
    const commands = parseCommands(text);
    // Only the first ten are acted on; `refused` says how many a comment has beyond them.
    const { acted, refused } = commandsToAct(commands);
    expect(acted).toEqual(expected.commands);
    expect(refused).toBe(expected.refused ?? 0);
  });
});

type ExpectedItem = [key: string | null, checked: boolean, line: number];

describe("tracking-issue bodies", () => {
  const cases = corpus<{ why: string; rollout: string | null; items: ExpectedItem[] }>("issue-bodies");

  it.each(cases)("$name: $expected.why", ({ text, expected }) => {
    const parsed = parseTrackingIssue(text);
    expect(parsed.rollout).toBe(expected.rollout);
    expect(parsed.items.map((i): ExpectedItem => [i.key, i.checked, i.line])).toEqual(expected.items);
  });

  it.each(cases.filter((c) => c.expected.items.some(([key]) => key !== null)))("$name: ticking or unticking any keyed box changes that one character and is seen as that one tick", ({ text }) => {
    expect(diffTicks(text, text)).toEqual([]);
    for (const [key, item] of keyedItems(parseTaskItems(text))) {
      const flipped = setItemChecked(text, key, !item.checked);
      expect(flipped.ok).toBe(true);
      if (!flipped.ok) continue;
      expect(flipped.body).toHaveLength(text.length);
      const differing = Array.from({ length: text.length }, (_, i) => i).filter((i) => flipped.body[i] !== text[i]);
      expect(differing).toEqual([item.offset]);
      expect(diffTicks(text, flipped.body)).toEqual([{ key, ref: item.ref, checked: !item.checked }]);
    }
  });

  it("keeps CRLF line endings untouched when a box is set", () => {
    const { text } = cases.find((c) => c.name === "crlf.md")!;
    const set = setItemChecked(text, "signoff/security", true);
    expect(set).toEqual({ ok: true, changed: true, body: text.replace("- [ ] Security", "- [x] Security") });
  });

  it("does not set a box that only appears in code, and says how to restore it", () => {
    const { text } = cases.find((c) => c.name === "forged-items-in-code.md")!;
    expect(setItemChecked(text, "signoff/code-review", false)).toEqual({
      ok: false,
      message: "The tracking issue has no task item signoff/code-review; re-render the issue to restore it.",
    });
  });
});
