import { type EvaluationInput, type FlagDecision, type FlagState } from "../../core/flags/evaluate.js";
import type { FlagSource } from "./source.js";
export interface RolloutFlagsOptions {
    /** One source per rollout. */
    sources: FlagSource | FlagSource[];
    /** The context attribute naming a user's audiences (a string or a list). Default `audience`. */
    audienceAttribute?: string;
}
export type FlagsEvent = {
    type: "changed";
    rollouts: string[];
} | {
    type: "stale";
    message: string;
} | {
    type: "error";
    message: string;
} | {
    type: "recovered";
};
export declare class RolloutFlags {
    readonly audienceAttribute: string;
    private readonly slots;
    private readonly byName;
    private readonly stops;
    private listener;
    constructor(options: RolloutFlagsOptions);
    onEvent(listener: (event: FlagsEvent) => void): void;
    /** First reading of every source, then watching. Rejects when no source could be read at all. */
    start(): Promise<void>;
    stop(): void;
    /** Reads every source now (what a poll does), and waits for the result. */
    refresh(): Promise<void>;
    /** Whether every rollout is served from a current reading. */
    get healthy(): boolean;
    state(rollout: string): FlagState | null;
    evaluate(flagKey: string, context: EvaluationInput): FlagDecision;
    private apply;
}
