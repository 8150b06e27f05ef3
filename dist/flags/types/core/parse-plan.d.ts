import type { Plan, Settings } from "./model.js";
import { defaultStatePath } from "./state-paths.js";
import { type Result } from "./result.js";
import { type ParseOptions } from "./yaml-fast.js";
/** The rollout's name: the plan's file name without `.yml`. */
export declare function planName(file: string): string;
export { defaultStatePath };
/**
 * Parses a plan. With `settings`, every role the plan names must be defined there; with null
 * (no settings available, e.g. the CLI outside a repository), roles are not checked.
 */
export declare function parsePlan(text: string, file: string, settings: Settings | null, options?: ParseOptions): Result<Plan>;
