import { describe, expect, it } from "vitest";
import { itemKey, itemMarker, keyedItems, parseItemKey, parseTaskItems } from "../../../core/markdown/task-items.js";

const keys = (md: string) => parseTaskItems(md).map((i) => [i.key, i.checked]);

describe("parseTaskItems", () => {
  it("finds boxes in every list style, nested and quoted, with their state", () => {
    const md = ["- [ ] dash", "* [x] star", "+ [X] plus", "1. [ ] ordered", "   - [x] nested", "", "> - [x] quoted", "> > 2) [ ] deeper"].join("\n");
    expect(parseTaskItems(md).map((i) => i.checked)).toEqual([false, true, true, false, true, true, false]);
    expect(parseTaskItems(md).map((i) => i.line)).toEqual([1, 2, 3, 4, 5, 7, 8]);
  });

  it("ignores anything inside code, and brackets that are not a checkbox", () => {
    const md = [
      "```",
      "- [x] fenced <!-- stagegate:item signoff/a -->",
      "```",
      "",
      "    - [x] indented code",
      "",
      "`- [x] inline`",
      "- [x]",
      "- [y] not a box",
      "- text [x] later",
      "[x] not in a list",
      "- [\n  ] a line break is not a box in an issue",
    ].join("\n");
    expect(parseTaskItems(md)).toEqual([]);
  });

  it("reads each item's key from its hidden marker, wherever in the item it sits", () => {
    const md = [
      "- [x] Code review <!-- stagegate:item signoff/code-review --> — ✅ @quinn",
      "- [ ] <!--stagegate:item exit/internal/no-critical-bugs--> first",
      "- [ ] Block marker",
      "  <!-- stagegate:item exit/beta/feedback -->",
      "- [ ] no marker",
      "- [ ] `<!-- stagegate:item signoff/in-code -->`",
      "- [ ] <!-- stagegate:item bogus --> <!-- stagegate:item other/x -->",
      "- [x] <!-- a note --> <b>x</b> <!-- stagegate:item signoff/after-other-html -->",
    ].join("\n");
    expect(keys(md)).toEqual([
      ["signoff/code-review", true],
      ["exit/internal/no-critical-bugs", false],
      ["exit/beta/feedback", false],
      [null, false],
      [null, false],
      [null, false],
      ["signoff/after-other-html", true],
    ]);
    expect(parseTaskItems(md)[1]?.ref).toEqual({ kind: "exit", stage: "internal", id: "no-critical-bugs" });
  });

  it("gives a nested item's marker to the nested item, not to its parent", () => {
    const md = "- [ ] parent\n  - [x] child <!-- stagegate:item signoff/child -->\n";
    expect(keys(md)).toEqual([
      [null, false],
      ["signoff/child", true],
    ]);
  });

  it("points at the very character between the brackets", () => {
    const md = "intro\n\n> 10. [X] deep\n";
    const [item] = parseTaskItems(md);
    expect(md[item?.offset as number]).toBe("X");
  });

  it("reads every item of a full-size issue body", () => {
    const line = "- [ ] An item with some words in it <!-- stagegate:item signoff/item-NNNN -->\n";
    let md = "";
    for (let i = 0; md.length + line.length < 65_536; i++) md += line.replace("NNNN", String(i));
    const items = parseTaskItems(md);
    expect(items.length).toBeGreaterThan(700);
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
  });
});

describe("item keys", () => {
  it("round-trip any id or stage name, even ones that could close a comment or fake a segment", () => {
    for (const ref of [
      { kind: "signoff", id: "code-review" },
      { kind: "exit", stage: "10% / beta", id: "a-->b" },
      { kind: "exit", stage: "ünï cødé", id: "x y" },
    ] as const) {
      expect(parseItemKey(itemKey(ref))).toEqual(ref);
      const md = `- [ ] t ${itemMarker(ref)}`;
      expect(parseTaskItems(md)[0]?.ref).toEqual(ref);
    }
    expect(itemMarker({ kind: "exit", stage: "a", id: "-->" })).toBe("<!-- stagegate:item exit/a/--%3E -->");
  });

  it("reject malformed keys", () => {
    for (const key of ["signoff", "signoff/", "signoff/a/b", "exit/a", "exit//b", "other/a", "signoff/%E0%A4%A", ""]) {
      expect(parseItemKey(key)).toBeNull();
    }
  });

  it("are canonical, so one item has one key however its marker was spelled", () => {
    expect(parseTaskItems("- [ ] <!-- stagegate:item signoff/%61b -->")[0]?.key).toBe("signoff/ab");
  });

  it("keep the first item when a key repeats", () => {
    const items = parseTaskItems("- [x] a <!-- stagegate:item signoff/a -->\n- [ ] copy <!-- stagegate:item signoff/a -->\n");
    expect(keyedItems(items).get("signoff/a")?.checked).toBe(true);
    expect(keyedItems(items).size).toBe(1);
  });
});
