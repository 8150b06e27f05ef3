import { describe, expect, it } from "vitest";
import { diffTicks, setItemChecked } from "../../../core/markdown/tick-diff.js";
import { parseTaskItems } from "../../../core/markdown/task-items.js";

const body = [
  "<!-- stagegate:rollout demo -->",
  "## Sign-off",
  "- [ ] Code review <!-- stagegate:item signoff/code-review --> — _role: engineering-lead_",
  "- [ ] Security <!-- stagegate:item signoff/security --> — _role: security-lead_",
  "- [ ] a note somebody added",
  "### internal",
  "- [x] No critical bugs <!-- stagegate:item exit/internal/no-critical-bugs --> — ✅ @quinn",
  "",
].join("\n");

const tick = (md: string, key: string, checked: boolean): string => {
  const result = setItemChecked(md, key, checked);
  if (!result.ok) throw new Error(result.message);
  return result.body;
};

describe("diffTicks", () => {
  it("reports a tick and an untick by key, with the new state", () => {
    const after = tick(tick(body, "signoff/security", true), "exit/internal/no-critical-bugs", false);
    expect(diffTicks(body, after)).toEqual([
      { key: "signoff/security", ref: { kind: "signoff", id: "security" }, checked: true },
      { key: "exit/internal/no-critical-bugs", ref: { kind: "exit", stage: "internal", id: "no-critical-bugs" }, checked: false },
    ]);
  });

  it("ignores unkeyed boxes, reordering and other edits", () => {
    const lines = body.split("\n");
    const reordered = [lines[0], lines[1], lines[3], lines[2], "- [x] a note somebody added", "More text.", ...lines.slice(5)].join("\n");
    expect(diffTicks(body, reordered)).toEqual([]);
    expect(diffTicks(body, body.replace("Code review", "Code review (reworded)"))).toEqual([]);
  });

  it("follows the key when an item moves and flips in the same edit", () => {
    const lines = tick(body, "signoff/code-review", true).split("\n");
    const moved = [lines[0], lines[1], lines[3], lines[4], lines[2], ...lines.slice(5)].join("\n");
    expect(diffTicks(body, moved).map((c) => c.key)).toEqual(["signoff/code-review"]);
  });

  it("does not treat added or removed items as ticks", () => {
    const added = body + "- [x] New <!-- stagegate:item signoff/new -->\n";
    expect(diffTicks(body, added)).toEqual([]);
    expect(diffTicks(added, body)).toEqual([]);
  });

  it("ignores a pasted copy of an item: only the first with a key counts", () => {
    const copy = body + "- [x] Security <!-- stagegate:item signoff/security -->\n";
    expect(diffTicks(body, copy)).toEqual([]);
  });

  it("works on full-size bodies", () => {
    const line = (i: number, x: string) => `- [${x}] Item ${i} <!-- stagegate:item exit/s/i${i} -->\n`;
    let before = "";
    let n = 0;
    while (before.length + line(n, " ").length < 65_536) before += line(n++, " ");
    const after = before.replace(line(n - 1, " "), line(n - 1, "x"));
    expect(after.length).toBeLessThanOrEqual(65_536);
    expect(diffTicks(before, after)).toEqual([{ key: `exit/s/i${n - 1}`, ref: { kind: "exit", stage: "s", id: `i${n - 1}` }, checked: true }]);
  });
});

describe("setItemChecked", () => {
  it("changes that one box and nothing else", () => {
    const after = tick(body, "signoff/security", true);
    expect(after).toBe(body.replace("- [ ] Security", "- [x] Security"));
    expect(tick(after, "signoff/security", false)).toBe(body);
  });

  it("finds the box through the parser, not by text that looks like one", () => {
    const tricky = "- [ ] Title says [ ] and [x] <!-- stagegate:item signoff/a -->\n";
    expect(tick(tricky, "signoff/a", true)).toBe("- [x] Title says [ ] and [x] <!-- stagegate:item signoff/a -->\n");
    const upper = "1. [X] done <!-- stagegate:item signoff/a -->";
    expect(tick(upper, "signoff/a", false)).toBe("1. [ ] done <!-- stagegate:item signoff/a -->");
  });

  it("leaves the body alone when the box already has that state", () => {
    expect(setItemChecked(body, "signoff/security", false)).toEqual({ ok: true, body, changed: false });
  });

  it("says so when no item carries the key", () => {
    const result = setItemChecked(body, "signoff/missing", true);
    expect(result).toEqual({ ok: false, message: expect.stringContaining("signoff/missing") });
  });

  it("keeps every other item's state", () => {
    const after = tick(body, "signoff/code-review", true);
    expect(parseTaskItems(after).map((i) => i.checked)).toEqual([true, false, false, true]);
  });
});
