import { type FlagState } from "./evaluate.js";
/** The whole file for one rollout, as the Action commits it (2-space JSON, trailing newline). */
export declare function flagdDefinition(state: FlagState, audienceAttribute?: string): string;
