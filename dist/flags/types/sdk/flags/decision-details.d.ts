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
export declare function toResolution(decision: FlagDecision, defaultValue: boolean): BooleanResolution;
export declare const typeMismatch: <T>(flagKey: string, defaultValue: T) => {
    value: T;
    reason: string;
    errorCode: string;
    errorMessage: string;
};
