// The words the engine uses for times, stages and lists, so every message reads the same way.
import { formatDuration } from "../duration.js";
import { principalsOf } from "../permissions.js";
import type { ChecklistItem, Settings, Stage } from "../model.js";

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

/**
 * `No critical bugs (qa-lead: quinn or qiu), Docs ready (pm: acme/pm)`: each item with the people
 * who may tick it, by name but without `@`, so a refusal repeated on every `/promote` names them
 * without notifying them again (the stage's announcement did that once).
 */
export function itemList(items: ChecklistItem[], settings?: Settings): string {
  return items.map((item) => `${item.title} (${item.role}${settings === undefined ? "" : holders(settings, item.role)})`).join(", ");
}

function holders(settings: Settings, role: string): string {
  const p = principalsOf(settings, role);
  const names = p === null ? [] : [...p.users, ...p.teams];
  return names.length === 0 ? ": nobody holds it" : `: ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`}`;
}

/** `by @quinn`, or `by stagegate` for the clock (which has no account to mention). */
export function byWhom(by: string, clock: string): string {
  return by === clock ? `by ${clock}` : `by @${by}`;
}
