// The one rule that turns a rollout's committed state into a per-user decision. Every reader
// uses it: the OpenFeature providers call it, the flagd projection (flagd-definition.ts) writes
// it out as flagd targeting, and docs/flags/vectors.json pins it for other languages.
//
// A user is in when their context names the audience of the current or an earlier stage, or
// when their bucket (bucket.ts) falls in the first `percent`%. The status decides what is
// served: progressing, paused and rolled-back serve the state's stage and percent (a rollback
// has already moved them to its target, a pause holds them); complete is everyone;
// awaiting-signoff, a pause before the start, and any state that cannot be read are no one.
import type { Status } from "../model.js";
import { bucketOf, splitWeights } from "./bucket.js";

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
  stages: Array<{ name: string; audience: string | null }>;
}

/** The context attribute that names a user's audiences, unless configured otherwise. */
export const DEFAULT_AUDIENCE_ATTRIBUTE = "audience";

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
export function servingStatus(state: Pick<FlagState, "status" | "resumeTo">): Status {
  return state.status === "paused" ? (state.resumeTo ?? "awaiting-signoff") : state.status;
}

/**
 * The audiences on in this state: those of the current stage and every stage before it. A
 * stage the plan does not list (the plan is unknown or was renamed) turns no audience on.
 */
export function activeAudiences(state: FlagState): string[] {
  const index = state.stages.findIndex((s) => s.name === state.stage);
  if (index === -1) return [];
  return state.stages.slice(0, index + 1).flatMap((s) => (s.audience === null ? [] : [s.audience]));
}

/** Whether the context names the audience: the attribute is the audience itself or a list holding it. */
export function namesAudience(value: unknown, audience: string): boolean {
  if (typeof value === "string") return value === audience;
  return Array.isArray(value) && value.includes(audience);
}

export function evaluateFlag(state: FlagState, context: EvaluationInput, audienceAttribute: string = DEFAULT_AUDIENCE_ATTRIBUTE): FlagDecision {
  return prepareFlag(state, audienceAttribute)(context);
}

/**
 * The rule with everything that does not depend on the user worked out once: what a provider
 * keeps per state, so an evaluation only hashes the key (the ≥ 1,000,000/s budget). Decisions
 * are shared objects: read them, do not change them.
 */
export function prepareFlag(state: FlagState, audienceAttribute: string = DEFAULT_AUDIENCE_ATTRIBUTE): (context: EvaluationInput) => FlagDecision {
  const metadata: FlagMetadata = { stage: state.stage, percent: state.percent, status: state.status };
  const status = servingStatus(state);
  if (status === "awaiting-signoff") {
    const off: FlagDecision = { on: false, reason: "DISABLED", metadata };
    return () => off;
  }
  if (status === "complete") {
    const on: FlagDecision = { on: true, reason: "STATIC", metadata };
    return () => on;
  }
  const audiences = activeAudiences(state);
  const matched: FlagDecision = { on: true, reason: "TARGETING_MATCH", metadata };
  const splitOn: FlagDecision = { on: true, reason: "SPLIT", metadata };
  const splitOff: FlagDecision = { on: false, reason: "SPLIT", metadata };
  const noKey: FlagDecision = {
    on: false,
    reason: "ERROR",
    errorCode: "TARGETING_KEY_MISSING",
    errorMessage: `${state.rollout} is served to ${state.percent}% of users by their targeting key, and this evaluation context has none: set targetingKey to a stable user id`,
    metadata,
  };
  const onWeight = splitWeights(state.percent)[0];
  return (context) => {
    if (audiences.length > 0) {
      const value = context[audienceAttribute];
      for (const audience of audiences) if (namesAudience(value, audience)) return matched;
    }
    const key = context.targetingKey;
    if (typeof key !== "string" || key === "") return noKey;
    return bucketOf(state.rollout, key) < onWeight ? splitOn : splitOff;
  };
}

/** The decision when there is no usable state: off, with the reason as an error. */
export function errorDecision(errorCode: FlagErrorCode, errorMessage: string): FlagDecision {
  return { on: false, reason: "ERROR", errorCode, errorMessage };
}
