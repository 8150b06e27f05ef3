// The words of each announcement, from its history entry alone: the same text whether the step
// that committed the entry posts it at once or a later run posts it because that step died first
// (core/announcements.ts). Only a rollback says a little less when posted late: the history keeps
// the stages it went between, not a percent asked for between them.
import { ANNOUNCED_ACTIONS, announcementEffect, decideAnnouncements, type AnnouncementInput, type CommentEffect } from "../announcements.js";
import type { HistoryEntry, Plan, Settings } from "../model.js";
import { ccLine, commentBody, handoffLine } from "./comments.js";
import { CLOCK_ACTOR } from "./context.js";
import { promotionComment } from "./promote.js";
import { byWhom, stageLabel } from "./wording.js";

/**
 * The announcement of the entry at `index`, with its hidden key; null for an entry that is not
 * announced. `stage`: where the rollout stood when the entry was made, when the caller knows
 * (otherwise the history says: the last stage an entry moved it to; null before the start).
 */
export function announcementOf(settings: Settings, plan: Plan, history: readonly HistoryEntry[], index: number, stage?: string | null): CommentEffect | null {
  const entry = history[index];
  if (entry === undefined || !ANNOUNCED_ACTIONS.has(entry.action)) return null;
  const body = bodyOf(settings, plan, history, index, entry, stage === undefined ? stageBefore(history, index) : stage);
  if (body === null) return null;
  return announcementEffect(plan.name, history, index, body);
}

function bodyOf(settings: Settings, plan: Plan, history: readonly HistoryEntry[], index: number, entry: HistoryEntry, at: string | null): string | null {
  const complete = history[index + 1]?.action === "complete";
  const stage = (name: string | null) => plan.stages.find((s) => s.name === name);
  switch (entry.action) {
    case "start": {
      const first = stage(entry.to);
      return first === undefined ? null : startComment(settings, plan, { stage: first, reason: entry.reason, complete });
    }
    case "promote":
    case "force-promote": {
      const to = stage(entry.to);
      if (to === undefined || entry.from === null) return null;
      return promotionComment(settings, plan, { from: entry.from, to, by: entry.by, reason: entry.reason, forced: entry.action === "force-promote", complete });
    }
    case "rollback": {
      const label = (name: string | null) => {
        const s = stage(name);
        return s === undefined ? (name ?? "?") : stageLabel(s);
      };
      return rollbackComment(settings, plan, { here: label(entry.from), there: label(entry.to), to: entry.to ?? "?", by: entry.by, reason: entry.reason });
    }
    case "pause":
      return pauseComment(plan, { at, by: entry.by, reason: entry.reason });
    case "resume":
      return commentBody("▶️", "Resumed", `${plan.name} resumed ${byWhom(entry.by, CLOCK_ACTOR)}: ${entry.reason}.`, "");
    default:
      return null;
  }
}

/** The stage a rollout was at before the entry at `index`: the last one an entry moved it to. */
function stageBefore(history: readonly HistoryEntry[], index: number): string | null {
  return history.slice(0, index).findLast((h) => h.to !== null && h.action !== "complete")?.to ?? null;
}

export function startComment(settings: Settings, plan: Plan, p: { stage: Plan["stages"][number]; reason: string; complete: boolean }): string {
  return commentBody("▶️", "Started", `${plan.name} entered ${stageLabel(p.stage)}: ${p.reason}.`, handoffLine(settings, p.complete ? undefined : p.stage, plan.notify));
}

/** A rollback by the clock is a rule that held: it says so. */
export function rollbackComment(settings: Settings, plan: Plan, p: { here: string; there: string; to: string; by: string; reason: string }): string {
  const auto = p.by === CLOCK_ACTOR;
  const sentence = `${plan.name} went back ${p.here} → ${p.there} ${byWhom(p.by, CLOCK_ACTOR)}: ${p.reason}. /resume restarts ${p.to} when it is fixed.`;
  return commentBody("⏪", auto ? "Automatic rollback" : "Rolled back", sentence, ccLine(settings, plan.rollback.notify));
}

/** The clock pauses only to hold a hand edit (hand-edit-hold.ts); people pause with `/pause`. */
export function pauseComment(plan: Plan, p: { at: string | null; by: string; reason: string }): string {
  const where = p.at === null ? "before its start" : `at ${p.at}`;
  if (p.by === CLOCK_ACTOR) return commentBody("✋", "Held", `${plan.name} is paused ${where}: ${p.reason}. /rollback still works.`, "");
  return commentBody("⏸️", "Paused", `${plan.name} is paused ${where} ${byWhom(p.by, CLOCK_ACTOR)}: ${p.reason}. The bake clock keeps running; /resume to continue.`, "");
}

/**
 * The announcement of what this person's command already committed at or after `since` (the
 * command's comment): a redelivered command whose first attempt died after its commit answers
 * with what it did, not with a refusal about the state it left behind.
 */
export function earlierAnnouncement(ctx: { settings: Settings; plan: Plan; state: { history: readonly HistoryEntry[] } }, actions: readonly HistoryEntry["action"][], by: string, since: string): CommentEffect | null {
  const { history } = ctx.state;
  const at = history.findIndex((h) => actions.includes(h.action) && h.by.toLowerCase() === by.toLowerCase() && Date.parse(h.at) >= Date.parse(since));
  return at === -1 ? null : announcementOf(ctx.settings, ctx.plan, history, at);
}

export type AnnouncementsToPost =
  | { kind: "list-comments" }
  /** The comments to post, oldest first, then the record the issue is to carry (null: none yet; undefined: no record). */
  | { kind: "post"; effects: CommentEffect[]; record: string | null | undefined };

/**
 * The announcements a rollout's tracking issue still lacks, as comment effects (decideAnnouncements
 * says which; this gives them their words). `own`: the bodies of the entries this process has
 * just committed, posted as the step wrote them.
 */
export function announcementsToPost(settings: Settings, plan: Plan, input: Omit<AnnouncementInput, "own"> & { own: ReadonlyMap<string, string> }): AnnouncementsToPost {
  const decision = decideAnnouncements({ ...input, own: new Set(input.own.keys()) });
  if (decision.kind === "list-comments") return decision;
  const effects = decision.announcements.flatMap(({ key, index }): CommentEffect[] => {
    const own = input.own.get(key);
    if (own !== undefined) return [{ type: "comment", body: own, key }];
    // An entry whose stage has left the plan has no words: it is passed over, not held forever.
    const derived = announcementOf(settings, plan, input.history, index);
    return derived === null ? [] : [derived];
  });
  return { kind: "post", effects, record: decision.record };
}
