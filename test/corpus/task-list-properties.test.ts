// Properties of the task-list parser over generated bodies: arbitrary Markdown never makes it
// throw; in a body of keyed items (any list kind, nested, quoted, between code blocks that hold
// forged items, with any line endings) exactly the real items are read, setting one box touches
// one character, and a flipped box is seen by diffTicks as exactly that tick.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeMarkdownInline } from "../../core/markdown/escape.js";
import { itemKey, itemMarker, keyedItems, parseItemKey, parseTaskItems, type ItemRef } from "../../core/markdown/task-items.js";
import { diffTicks, setItemChecked } from "../../core/markdown/tick-diff.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import { anyText } from "./arbitraries.js";

// Override with RUNS=5000 for a deeper search.
const RUNS = { numRuns: Number(process.env.RUNS ?? 200) };

describe("on arbitrary Markdown", () => {
  it("parseTaskItems, parseTrackingIssue and diffTicks never throw, and every box is where they say", () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const items = parseTaskItems(a);
        for (const item of items) {
          expect([" ", "\t", "x", "X"]).toContain(a[item.offset]);
          if (item.ref !== null) expect(parseItemKey(itemKey(item.ref))).toEqual(item.ref);
        }
        expect(parseTrackingIssue(a).items).toEqual(items);
        diffTicks(a, b);
      }),
      RUNS,
    );
  });

  it("diffTicks of a body against itself is empty", () => {
    fc.assert(
      fc.property(anyText, (body) => {
        expect(diffTicks(body, body)).toEqual([]);
      }),
      RUNS,
    );
  });
});

interface Item {
  ref: ItemRef;
  box: " " | "x" | "X";
  title: string;
}

/** Ids as plans write them, and any printable text (keys are percent-encoded, so anything goes). */
const id = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/), fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }));
const ref: fc.Arbitrary<ItemRef> = fc.oneof(
  id.map((i): ItemRef => ({ kind: "signoff", id: i })),
  fc.tuple(id, id).map(([stage, i]): ItemRef => ({ kind: "exit", stage, id: i })),
);
const item: fc.Arbitrary<Item> = fc.record({ ref, box: fc.constantFrom(" ", "x", "X"), title: anyText.map((t) => escapeMarkdownInline(t)) });

type Block = { kind: "item"; bullet: string; quoted: boolean; items: Item[] } | { kind: "code"; forged: Item } | { kind: "text"; text: string };

const itemLine = (bullet: string, i: Item) => `${bullet} [${i.box}] ${i.title} ${itemMarker(i.ref)} — _role: qa-lead_`;

const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ kind: fc.constant("item" as const), bullet: fc.constantFrom("-", "*", "+", "1.", "1)"), quoted: fc.boolean(), items: fc.array(item, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("code" as const), forged: item }),
  anyText.map((t): Block => ({ kind: "text", text: escapeMarkdownInline(t) })),
);

/** The blocks as Markdown: items of one block nest under the first (a "-" list) or follow it. */
function blockText(b: Block): string {
  if (b.kind === "text") return b.text === "" ? "text" : b.text;
  if (b.kind === "code") return `\`\`\`\n${itemLine("-", b.forged)}\n\`\`\``;
  const [first, ...rest] = b.items as [Item, ...Item[]];
  const indent = " ".repeat(b.bullet.length + 1);
  const lines = [itemLine(b.bullet, first), ...rest.map((i) => `${indent}- [${i.box}] ${i.title} ${itemMarker(i.ref)}`)];
  return lines.map((l) => (b.quoted ? `> ${l}` : l)).join("\n");
}

/** A generated body, its keyed items in document order, and unique keys. */
const body = fc
  .tuple(fc.array(block, { minLength: 1, maxLength: 8 }), fc.constantFrom("\n", "\r\n"))
  .map(([blocks, eol]) => {
    // Keys made unique by position, so every generated item is the one its key finds.
    let n = 0;
    const unique = (i: Item): Item => ({ ...i, ref: i.ref.kind === "signoff" ? { ...i.ref, id: `${i.ref.id}~${n++}` } : { ...i.ref, id: `${i.ref.id}~${n++}` } });
    const made = blocks.map((b): Block => (b.kind === "item" ? { ...b, items: b.items.map(unique) } : b.kind === "code" ? { ...b, forged: unique(b.forged) } : b));
    const items = made.flatMap((b) => (b.kind === "item" ? b.items : []));
    return { text: made.map(blockText).join("\n\n").replaceAll("\n", eol) + eol, items };
  });
const bodyWithItems = body.filter(({ items }) => items.length > 0);

describe("on bodies of keyed items", () => {
  it("reads exactly the items outside code, with their boxes", () => {
    fc.assert(
      fc.property(body, ({ text, items }) => {
        const read = parseTaskItems(text).map((i) => [i.key, i.checked]);
        expect(read).toEqual(items.map((i) => [itemKey(i.ref), i.box !== " "]));
      }),
      RUNS,
    );
  });

  it("setItemChecked changes exactly that one box, and nothing else", () => {
    fc.assert(
      fc.property(bodyWithItems, fc.nat(), fc.boolean(), ({ text, items }, pick, checked) => {
        const target = items[pick % items.length] as Item;
        const key = itemKey(target.ref);
        const before = parseTaskItems(text);
        const result = setItemChecked(text, key, checked);
        if (!result.ok) throw new Error(result.message);
        expect(result.changed).toBe(checked !== (target.box !== " "));
        expect(result.body).toHaveLength(text.length);
        const at = (keyedItems(before).get(key) as { offset: number }).offset;
        for (let i = 0; i < text.length; i++) if (i !== at) expect(result.body[i]).toBe(text[i]);
        const after = parseTaskItems(result.body);
        expect(after.map((i) => [i.key, i.line, i.offset])).toEqual(before.map((i) => [i.key, i.line, i.offset]));
        expect(after.map((i) => i.checked)).toEqual(before.map((i) => (i.key === key ? checked : i.checked)));
      }),
      RUNS,
    );
  });

  it("diffTicks sees a flipped box as exactly that tick or untick", () => {
    fc.assert(
      fc.property(bodyWithItems, fc.nat(), ({ text, items }, pick) => {
        const target = items[pick % items.length] as Item;
        const key = itemKey(target.ref);
        const checked = target.box === " ";
        const flipped = setItemChecked(text, key, checked);
        if (!flipped.ok) throw new Error(flipped.message);
        expect(diffTicks(text, flipped.body)).toEqual([{ key, ref: target.ref, checked }]);
        expect(diffTicks(flipped.body, text)).toEqual([{ key, ref: target.ref, checked: !checked }]);
      }),
      RUNS,
    );
  });
});
