import type { Status } from "../model.js";
/** What the rule needs from a rollout: its state file and the audiences of its plan's stages. */
export interface FlagState {
    /** The rollout name, which is the flag key. */
    rollout: string;
    stage: string;
    percent: number;
    status: Status;
    /** While paused: the status a /resume returns to. */
    resumeTo: Status | null;
    /** The plan's stages in order, with their audiences; empty when the plan is not known. */
    stages: Array<{
        name: string;
        audience: string | null;
    }>;
}
/** The context attribute that names a user's audiences, unless configured otherwise. */
export declare const DEFAULT_AUDIENCE_ATTRIBUTE = "audience";
export type FlagReason = "SPLIT" | "TARGETING_MATCH" | "DISABLED" | "STATIC" | "ERROR";
export type FlagErrorCode = "TARGETING_KEY_MISSING" | "FLAG_NOT_FOUND" | "PARSE_ERROR" | "PROVIDER_NOT_READY" | "GENERAL";
export interface FlagMetadata {
    stage: string;
    percent: number;
    status: Status;
}
export interface FlagDecision {
    on: boolean;
    reason: FlagReason;
    /** Set when reason is ERROR: the caller's default value is served. */
    errorCode?: FlagErrorCode;
    errorMessage?: string;
    /** Absent when there is no readable state. */
    metadata?: FlagMetadata;
}
export interface EvaluationInput {
    targetingKey?: string | undefined;
    [attribute: string]: unknown;
}
/** The status that decides exposure: a pause serves what it paused. */
export declare function servingStatus(state: Pick<FlagState, "status" | "resumeTo">): Status;
/**
 * The audiences on in this state: those of the current stage and every stage before it. A
 * stage the plan does not list (the plan is unknown or was renamed) turns no audience on.
 */
export declare function activeAudiences(state: FlagState): string[];
/** Whether the context names the audience: the attribute is the audience itself or a list holding it. */
export declare function namesAudience(value: unknown, audience: string): boolean;
export declare function evaluateFlag(state: FlagState, context: EvaluationInput, audienceAttribute?: string): FlagDecision;
/**
 * The rule with everything that does not depend on the user worked out once: what a provider
 * keeps per state, so an evaluation only hashes the key (the ≥ 1,000,000/s budget). Decisions
 * are shared objects: read them, do not change them.
 */
export declare function prepareFlag(state: FlagState, audienceAttribute?: string): (context: EvaluationInput) => FlagDecision;
/** The decision when there is no usable state: off, with the reason as an error. */
export declare function errorDecision(errorCode: FlagErrorCode, errorMessage: string): FlagDecision;
