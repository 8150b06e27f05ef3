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
