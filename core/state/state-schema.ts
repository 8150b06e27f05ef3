// The state file's shape, as written on disk (kebab-case keys, optional keys omitted).
// Strict objects: a typo in a hand-edited file is an error naming the key, never ignored.
import * as z from "zod/mini";
import type { RolloutState } from "../model.js";
import { isUtcIso } from "./utc-time.js";

export const STATE_HEADER = "Managed by stagegate. Change it with /promote, /rollback, /pause — not by hand.";

const STATUSES = ["awaiting-signoff", "progressing", "paused", "rolled-back", "complete"] as const;
/** What a pause can return to: a complete rollout has nothing left to pause. */
const RESUMABLE = ["awaiting-signoff", "progressing", "rolled-back"] as const;
const HISTORY_ACTIONS = [
  "start",
  "promote",
  "force-promote",
  "rollback",
  "pause",
  "resume",
  "complete",
  "approve",
  "withdraw",
  "alert",
  "alert-resolved",
] as const;

const TIME_EXPECTATION = "expected an ISO-8601 UTC time like 2026-12-03T14:00:00Z";

const time = z.string().check(z.refine(isUtcIso, { message: TIME_EXPECTATION }));
const name = z.string().check(z.minLength(1));

const approval = z.strictObject({
  item: name,
  stage: z.optional(name),
  by: name,
  at: time,
});

const historyEntry = z.strictObject({
  at: time,
  action: z.enum(HISTORY_ACTIONS),
  from: z.optional(z.nullable(name)),
  to: z.optional(z.nullable(name)),
  by: name,
  reason: z.optional(z.string()),
});

const openAlert = z.strictObject({
  alert: z.number().check(z.int(), z.minimum(0)),
  gate: name,
  since: time,
});

export const stateFileSchema = z
  .strictObject({
    rollout: name,
    "tracking-issue": z.optional(z.number().check(z.int(), z.positive())),
    stage: name,
    percent: z.number().check(z.minimum(0), z.maximum(100)),
    status: z.enum(STATUSES),
    entered: time,
    "resume-to": z.optional(z.enum(RESUMABLE)),
    approvals: z.array(approval),
    "open-alerts": z.optional(z.array(openAlert)),
    history: z.array(historyEntry),
  })
  .check(
    z.superRefine((file, ctx) => {
      // resume-to exists exactly while paused, so /resume always knows where to go back to.
      if (file.status === "paused" && file["resume-to"] === undefined) {
        ctx.addIssue({ code: "custom", path: ["status"], message: "a paused rollout needs resume-to: the status /resume returns to (progressing, rolled-back or awaiting-signoff)" });
      }
      if (file.status !== "paused" && file["resume-to"] !== undefined) {
        ctx.addIssue({ code: "custom", path: ["resume-to"], message: `resume-to is only allowed while status is paused (status is ${file.status})` });
      }
    }),
  );

export type StateFile = z.infer<typeof stateFileSchema>;

/** Keys allowed at each level, for "unknown key" messages. */
export const ALLOWED_KEYS = {
  state: ["rollout", "tracking-issue", "stage", "percent", "status", "entered", "resume-to", "approvals", "open-alerts", "history"],
  approvals: ["item", "stage", "by", "at"],
  history: ["at", "action", "from", "to", "by", "reason"],
  "open-alerts": ["alert", "gate", "since"],
} as const;

export function fromStateFile(file: StateFile): RolloutState {
  return {
    rollout: file.rollout,
    trackingIssue: file["tracking-issue"] ?? null,
    stage: file.stage,
    percent: file.percent,
    status: file.status,
    entered: file.entered,
    resumeTo: file["resume-to"] ?? null,
    approvals: file.approvals.map((a) => ({ item: a.item, stage: a.stage ?? null, by: a.by, at: a.at })),
    openAlerts: (file["open-alerts"] ?? []).map((a) => ({ alert: a.alert, gate: a.gate, since: a.since })),
    history: file.history.map((h) => ({ at: h.at, action: h.action, from: h.from ?? null, to: h.to ?? null, by: h.by, reason: h.reason ?? "" })),
  };
}

/**
 * The on-disk form, keys in the documented order. Optional keys are left out rather than
 * written as null: `stage` on sign-off approvals, `resume-to` unless paused, `open-alerts` when
 * empty, and a history entry's `from`/`to` when they do not apply.
 */
export function toStateFile(state: RolloutState): Record<string, unknown> {
  const out: Record<string, unknown> = { rollout: state.rollout };
  if (state.trackingIssue !== null) out["tracking-issue"] = state.trackingIssue;
  Object.assign(out, { stage: state.stage, percent: state.percent, status: state.status, entered: state.entered });
  if (state.status === "paused" && state.resumeTo !== null) out["resume-to"] = state.resumeTo;
  out.approvals = state.approvals.map((a) => (a.stage === null ? { item: a.item, by: a.by, at: a.at } : { item: a.item, stage: a.stage, by: a.by, at: a.at }));
  if (state.openAlerts.length > 0) out["open-alerts"] = state.openAlerts.map((a) => ({ alert: a.alert, gate: a.gate, since: a.since }));
  out.history = state.history.map((h) => {
    const entry: Record<string, unknown> = { at: h.at, action: h.action };
    if (h.from !== null) entry.from = h.from;
    if (h.to !== null) entry.to = h.to;
    entry.by = h.by;
    if (h.reason !== "") entry.reason = h.reason;
    return entry;
  });
  return out;
}
