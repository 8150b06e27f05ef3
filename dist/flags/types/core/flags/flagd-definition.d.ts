import { type FlagState } from "./evaluate.js";
export declare const FLAGD_SCHEMA_URL = "https://flagd.dev/schema/v0/flags.json";
/** One flag of the definition file, keyed by the rollout name. */
export declare function flagdFlag(state: FlagState, audienceAttribute?: string): Record<string, unknown>;
/** The whole file for one rollout, as the Action commits it (2-space JSON, trailing newline). */
export declare function flagdDefinition(state: FlagState, audienceAttribute?: string): string;
