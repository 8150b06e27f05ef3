// Finding the settings that govern a plan: the .github/stagegate.yml of the repository that holds
// it. The repository root is the nearest folder, walking up from the plan, that has a .github/
// folder; a plan at <repo>/.github/rollouts/x.yml therefore finds <repo>/.github/stagegate.yml.
import { basename, dirname, join } from "node:path";
import type { CliIo } from "./io.js";

/** Absolute path of the settings file for the plan at `planPath` (absolute), or null when no repository holds it. */
export async function settingsPathFor(planPath: string, io: CliIo): Promise<string | null> {
  let dir = dirname(planPath);
  for (;;) {
    // Inside .github itself, the folder holding it is the repository, not .github/.github.
    if (basename(dir) !== ".github" && (await io.isDirectory(join(dir, ".github")))) return join(dir, ".github", "stagegate.yml");
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Whether a path names a settings file rather than a plan. */
export function isSettingsFile(path: string): boolean {
  return /^stagegate\.ya?ml$/.test(basename(path));
}
