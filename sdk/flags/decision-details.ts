// A decision of the rule as OpenFeature resolution details, shared by both providers.
import type { FlagDecision } from "../../core/flags/evaluate.js";

export interface BooleanResolution {
  value: boolean;
  variant?: string;
  reason: string;
  errorCode?: string;
  errorMessage?: string;
  flagMetadata?: Record<string, string | number | boolean>;
}

/** On an error the SDK serves the caller's default: pass `false` and an error never turns anyone on. */
export function toResolution(decision: FlagDecision, defaultValue: boolean): BooleanResolution {
  const flagMetadata = decision.metadata ? { ...decision.metadata } : undefined;
  if (decision.reason === "ERROR") {
    return { value: defaultValue, reason: "ERROR", errorCode: decision.errorCode, errorMessage: decision.errorMessage, ...(flagMetadata ? { flagMetadata } : {}) };
  }
  return { value: decision.on, variant: decision.on ? "on" : "off", reason: decision.reason, ...(flagMetadata ? { flagMetadata } : {}) };
}

export const typeMismatch = <T>(flagKey: string, defaultValue: T) => ({
  value: defaultValue,
  reason: "ERROR",
  errorCode: "TYPE_MISMATCH",
  errorMessage: `${flagKey} is a stagegate rollout: a boolean flag (use getBooleanValue)`,
});
