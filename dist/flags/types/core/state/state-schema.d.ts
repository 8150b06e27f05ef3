import * as z from "zod/mini";
import type { RolloutState } from "../model.js";
export declare const STATE_HEADER = "Managed by stagegate. Change it with /promote, /rollback, /pause \u2014 not by hand.";
export declare const stateFileSchema: z.ZodMiniObject<{
    rollout: z.ZodMiniString<string>;
    "tracking-issue": z.ZodMiniOptional<z.ZodMiniNumber<number>>;
    stage: z.ZodMiniString<string>;
    percent: z.ZodMiniNumber<number>;
    status: z.ZodMiniEnum<{
        "awaiting-signoff": "awaiting-signoff";
        progressing: "progressing";
        paused: "paused";
        "rolled-back": "rolled-back";
        complete: "complete";
    }>;
    entered: z.ZodMiniString<string>;
    "resume-to": z.ZodMiniOptional<z.ZodMiniEnum<{
        "awaiting-signoff": "awaiting-signoff";
        progressing: "progressing";
        "rolled-back": "rolled-back";
    }>>;
    approvals: z.ZodMiniArray<z.ZodMiniObject<{
        item: z.ZodMiniString<string>;
        stage: z.ZodMiniOptional<z.ZodMiniString<string>>;
        by: z.ZodMiniString<string>;
        at: z.ZodMiniString<string>;
    }, z.core.$strict>>;
    "open-alerts": z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniObject<{
        alert: z.ZodMiniNumber<number>;
        gate: z.ZodMiniString<string>;
        since: z.ZodMiniString<string>;
    }, z.core.$strict>>>;
    history: z.ZodMiniArray<z.ZodMiniObject<{
        at: z.ZodMiniString<string>;
        action: z.ZodMiniEnum<{
            complete: "complete";
            start: "start";
            promote: "promote";
            "force-promote": "force-promote";
            rollback: "rollback";
            pause: "pause";
            resume: "resume";
            approve: "approve";
            withdraw: "withdraw";
            alert: "alert";
            "alert-resolved": "alert-resolved";
        }>;
        from: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
        to: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
        by: z.ZodMiniString<string>;
        reason: z.ZodMiniOptional<z.ZodMiniString<string>>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type StateFile = z.infer<typeof stateFileSchema>;
/** Keys allowed at each level, for "unknown key" messages. */
export declare const ALLOWED_KEYS: {
    readonly state: readonly ["rollout", "tracking-issue", "stage", "percent", "status", "entered", "resume-to", "approvals", "open-alerts", "history"];
    readonly approvals: readonly ["item", "stage", "by", "at"];
    readonly history: readonly ["at", "action", "from", "to", "by", "reason"];
    readonly "open-alerts": readonly ["alert", "gate", "since"];
};
export declare function fromStateFile(file: StateFile): RolloutState;
/**
 * The on-disk form, keys in the documented order. Optional keys are left out rather than
 * written as null: `stage` on sign-off approvals, `resume-to` unless paused, `open-alerts` when
 * empty, and a history entry's `from`/`to` when they do not apply.
 */
export declare function toStateFile(state: RolloutState): Record<string, unknown>;
