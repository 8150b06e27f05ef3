import type { FlagSource } from "../source.js";
export interface ObjectSourceInput {
    /** The state file: YAML text, or its data (`{ rollout, stage, percent, status, … }`). */
    state: string | Record<string, unknown>;
    /** The plan: YAML text, or its data (`{ stages: [{ name, percent, audience }] }`). */
    plan?: string | Record<string, unknown> | null;
}
export interface ObjectSource extends FlagSource {
    update(input: ObjectSourceInput): void;
}
export declare function objectSource(input: ObjectSourceInput): ObjectSource;
