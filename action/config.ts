// What the repository says, read through the shared runtime: the settings from the default
// branch (roles and calendar must never come from a branch a pull request controls) and every
// plan matching the `rollouts` input, each with its state file and that file's sha.
import { parseSettings } from "../core/parse-settings.js";
import type { Settings } from "../core/model.js";
import { fail, type Result } from "../core/result.js";
import type { GitHubPort } from "../port/github-port.js";
import { loadRollout, loadSettings, SETTINGS_PATH, type LoadedRollout } from "../runtime/load-repo-config.js";
import type { ActionInputs } from "./inputs.js";

export interface ActionConfig {
  defaultBranch: string;
  settings: Result<Settings>;
  settingsPath: string;
  rollouts: LoadedRollout[];
}

/**
 * The settings at `path` on the default branch. The standard path goes through the runtime, as
 * the App reads it (a repository without the file gets the defaults); any other path was asked
 * for explicitly, so a missing file there is a problem, not a default.
 */
async function readSettings(port: GitHubPort, path: string, defaultBranch: string): Promise<Result<Settings>> {
  if (path === SETTINGS_PATH) return (await loadSettings(port, defaultBranch)).settings;
  const file = await port.readFile(path, defaultBranch);
  if (file === null) return fail([{ file: path, line: 1, col: 1, message: `the settings file ${path} (input settings) does not exist on ${defaultBranch}` }]);
  return parseSettings(file.content, path);
}

export async function loadActionConfig(port: GitHubPort, inputs: Pick<ActionInputs, "rollouts" | "settings">): Promise<ActionConfig> {
  const defaultBranch = await port.defaultBranch();
  const [settings, files] = await Promise.all([readSettings(port, inputs.settings, defaultBranch), port.listFiles(inputs.rollouts.dir, defaultBranch)]);
  const planPaths = files
    .map((f) => f.path)
    .filter((path) => inputs.rollouts.pattern.test(path.slice(path.lastIndexOf("/") + 1)))
    .sort();
  const rollouts = await Promise.all(planPaths.map((path) => loadRollout(port, path, defaultBranch, defaultBranch, settings)));
  return { defaultBranch, settings, settingsPath: inputs.settings, rollouts };
}

/** The rollout again, as committed now: used to re-decide after a compare-and-swap conflict. */
export function reloadRollout(port: GitHubPort, config: ActionConfig, planPath: string): Promise<LoadedRollout> {
  return loadRollout(port, planPath, config.defaultBranch, config.defaultBranch, config.settings);
}
