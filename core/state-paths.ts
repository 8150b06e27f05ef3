// A state path can only be a state file. stagegate commits to the state file with write access
// to the default branch, so a plan (which anyone may propose) naming another file as its state
// would have stagegate overwrite it: the settings that grant roles, another plan, a workflow or
// action that runs code, CODEOWNERS that decides reviews. And two plans sharing one state file
// would each overwrite the other's rollout.
import type { Problem } from "./result.js";
import { loadYaml } from "./yaml-source.js";

/** Where the state file lives when the plan does not say. */
export function defaultStatePath(name: string): string {
  return `.github/rollouts/state/${name}.yml`;
}

const SETTINGS_FILE = ".github/stagegate.yml";

/** Why `path` may not be a state file, or null when it may. */
export function forbiddenStatePath(path: string, settingsPath: string = SETTINGS_FILE): string | null {
  const clean = path.replace(/^\.\//, "");
  const lower = clean.toLowerCase();
  const base = lower.slice(lower.lastIndexOf("/") + 1);
  if (lower === settingsPath.toLowerCase() || lower === SETTINGS_FILE || lower === ".github/stagegate.yaml") return `${clean} is the settings file: a state file there would overwrite who holds which role`;
  // A path directly in .github/rollouts/ (a plan's place) is refused by the plan schema itself.
  if (lower.startsWith(".github/workflows/") || lower.startsWith(".github/actions/")) return `${clean} is under ${lower.startsWith(".github/workflows/") ? ".github/workflows/" : ".github/actions/"}, which runs code: a state file may not be there`;
  if (base === "action.yml" || base === "action.yaml") return `${clean} defines an action, which runs code: a state file may not be one`;
  if (base === "codeowners") return `${clean} decides who must review: a state file may not be one`;
  return null;
}

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
export function sharedStateFiles(claims: readonly StateClaim[]): Map<string, string> {
  const refused = new Map<string, string>();
  const refuse = (claim: StateClaim, why: string) => {
    if (!refused.has(claim.planPath)) refused.set(claim.planPath, why);
  };
  for (const a of claims) {
    for (const b of claims) {
      if (a === b) continue;
      if (a.statePath === b.statePath) {
        refuse(a, `${a.statePath} is also the state file of ${b.planPath}: two rollouts cannot share one state file, so neither is run until one plan names another state:`);
      } else if (a.statePath === defaultStatePath(b.name)) {
        refuse(a, `${a.statePath} is the default state file of ${b.planPath}: name another state:, so neither is run until then`);
        refuse(b, `${a.planPath} names this rollout's default state file ${a.statePath} as its own: neither is run until it names another state:`);
      }
    }
  }
  return refused;
}

/**
 * A problem with a plan's state file, pointed at its `state:` value so that an annotation sits
 * on that line; at the plan's first line when the plan uses the default (or does not parse).
 */
export function stateProblem(planText: string | null, planPath: string, message: string): Problem {
  const source = planText === null ? null : loadYaml(planText, planPath, "");
  if (source !== null && source.ok && source.value.has(["state"])) return source.value.problem(["state"], message, "value");
  return { file: planPath, line: 1, col: 1, message: `state: ${message}` };
}
