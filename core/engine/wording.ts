// The words the engine uses for times, stages and lists, so every message reads the same way.
import { formatDuration } from "../duration.js";
import type { ChecklistItem, Stage } from "../model.js";

const MINUTE = 60_000;

/** `2026-12-04 14:00 UTC`: minutes are what people plan with. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Time left, rounded up to the minute so that "0m left" never means "not yet". */
export function formatRemaining(ms: number): string {
  return formatDuration(Math.ceil(ms / MINUTE) * MINUTE);
}

export function stageLabel(stage: Pick<Stage, "name" | "percent">): string {
  return `${stage.name} (${stage.percent}%)`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `No critical bugs (qa-lead), Docs ready (pm)`. */
export function itemList(items: ChecklistItem[]): string {
  return items.map((item) => `${item.title} (${item.role})`).join(", ");
}

/** `by @quinn`, or `by stagegate` for the clock (which has no account to mention). */
export function byWhom(by: string, clock: string): string {
  return by === clock ? `by ${clock}` : `by @${by}`;
}
