// What a body edit did to the boxes, and how to undo one box. The App verifies every tick
// against roles, so it needs exactly the keyed boxes that flipped, nothing else.
import { keyedItems, parseTaskItems, type ItemRef } from "./task-items.js";

export interface TickChange {
  key: string;
  ref: ItemRef;
  /** The state after the edit. */
  checked: boolean;
}

/**
 * The keyed items whose box flipped between two versions of a body, in the order of `after`.
 * Unkeyed items, items that appear or disappear, moves and text edits are not ticks.
 */
export function diffTicks(before: string, after: string): TickChange[] {
  const old = keyedItems(parseTaskItems(before));
  const changes: TickChange[] = [];
  for (const [key, item] of keyedItems(parseTaskItems(after))) {
    const previous = old.get(key);
    if (previous !== undefined && previous.checked !== item.checked) {
      changes.push({ key, ref: item.ref as ItemRef, checked: item.checked });
    }
  }
  return changes;
}

export type SetCheckedResult = { ok: true; body: string; changed: boolean } | { ok: false; message: string };

/**
 * The body with one keyed box set, every other character untouched (used to revert a tick by
 * someone who may not make it). Fails when no item carries the key.
 */
export function setItemChecked(body: string, key: string, checked: boolean): SetCheckedResult {
  const item = keyedItems(parseTaskItems(body)).get(key);
  if (item === undefined) {
    return { ok: false, message: `The tracking issue has no task item ${key}; re-render the issue to restore it.` };
  }
  if (item.checked === checked) return { ok: true, body, changed: false };
  const mark = checked ? "x" : " ";
  return { ok: true, body: body.slice(0, item.offset) + mark + body.slice(item.offset + 1), changed: true };
}
