import type { Plan, RolloutState } from "../model.js";
import { type Result } from "../result.js";
import type { FlagState } from "./evaluate.js";
export declare function flagState(state: RolloutState, plan: Pick<Plan, "stages"> | null): FlagState;
export interface FlagFiles {
    state: {
        path: string;
        text: string;
    };
    /** The rollout's plan; without it no stage audience is on (percentages still are). */
    plan?: {
        path: string;
        text: string;
    } | null;
}
/** Parses the files; a broken state file or plan is a problem, never a guess. */
export declare function readFlagState(files: FlagFiles): Result<FlagState>;
