import type { Problem } from "./result.js";
/** Where the state file lives when the plan does not say. */
export declare function defaultStatePath(name: string): string;
/** Why `path` may not be a state file, or null when it may. */
export declare function forbiddenStatePath(path: string, settingsPath?: string): string | null;
export interface StateClaim {
    /** The rollout's name (the plan file's name). */
    name: string;
    planPath: string;
    statePath: string;
}
/**
 * Plans whose state files collide, each with why: two plans naming one file, or one plan naming
 * another plan's default state file. Both sides are refused, so neither touches the file.
 */
export declare function sharedStateFiles(claims: readonly StateClaim[]): Map<string, string>;
/**
 * A problem with a plan's state file, pointed at its `state:` value so that an annotation sits
 * on that line; at the plan's first line when the plan uses the default (or does not parse).
 */
export declare function stateProblem(planText: string | null, planPath: string, message: string): Problem;
