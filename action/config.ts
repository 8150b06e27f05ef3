// What the repository says, read through the shared runtime: the settings from the default
// branch (roles and calendar must never come from a branch a pull request controls) and every
// plan matching the `rollouts` input, each with its state file and that file's sha.
import { parseSettings } from "../core/parse-settings.js";
import type { Settings } from "../core/model.js";
import { fail, type Result } from "../core/result.js";
import type { FileAtRef, GitHubPort, IssueData } from "../port/github-port.js";
import { defaultSettings } from "../core/parse-settings.js";
import { ok } from "../core/result.js";
import { loadRepoBatched } from "../runtime/load-repo-batched.js";
import { loadRollout, SETTINGS_PATH, type LoadedRollout } from "../runtime/load-repo-config.js";
import type { ActionInputs } from "./inputs.js";

export interface ActionConfig {
  defaultBranch: string;
  settings: Result<Settings>;
  settingsPath: string;
  rollouts: LoadedRollout[];
  /** Tracking issues found while loading, by rollout name. */
  trackingIssues: Map<string, IssueData>;
}

/**
 * Settings, plans and state files in two batched reads (runtime/load-repo-batched.ts), so a
 * scheduled run costs the same for one rollout or a thousand.
 */
export async function loadActionConfig(port: GitHubPort, inputs: Pick<ActionInputs, "rollouts" | "settings">): Promise<ActionConfig> {
  const defaultBranch = await port.defaultBranch();
  const path = inputs.settings;
  const settingsOf = (file: FileAtRef | null): Result<Settings> => {
    if (file !== null) return parseSettings(file.content, path);
    // The standard path is optional (defaults apply, as the App reads it); any other was asked for.
    if (path === SETTINGS_PATH) return ok(defaultSettings());
    return fail([{ file: path, line: 1, col: 1, message: `the settings file ${path} (input settings) does not exist on ${defaultBranch}` }]);
  };
  const loaded = await loadRepoBatched(port, {
    branch: defaultBranch,
    settingsPath: path,
    plansDir: inputs.rollouts.dir,
    isPlan: (p) => inputs.rollouts.pattern.test(p.slice(p.lastIndexOf("/") + 1)),
    parseSettings: settingsOf,
  });
  return { defaultBranch, settings: loaded.settings, settingsPath: path, rollouts: loaded.rollouts, trackingIssues: loaded.trackingIssues };
}

/** The rollout again, as committed now: used to re-decide after a compare-and-swap conflict. */
export function reloadRollout(port: GitHubPort, config: ActionConfig, planPath: string): Promise<LoadedRollout> {
  return loadRollout(port, planPath, config.defaultBranch, config.defaultBranch, config.settings);
}
