import { type FlagSource } from "../source.js";
export interface FileSourceOptions {
    /** The state file. */
    state: string;
    /** The rollout's plan, for the stages' audiences; without it only percentages are served. */
    plan?: string;
}
export declare function fileSource(options: FileSourceOptions): FlagSource;
