// Reads what a repository says about its rollouts: the settings (always from the default branch,
// so a pull request can never grant itself a role), every plan in `.github/rollouts/`, and each
// plan's state file with its sha (the compare-and-swap token for the next commit). Problems are
// values: a broken plan does not hide the others, and a broken settings file is reported once.
import pLimit from "p-limit";
import { isMap, parseDocument } from "yaml";
import { defaultStatePath, parsePlan, planName } from "../core/parse-plan.js";
import { defaultSettings, parseSettings, settingsFromObject } from "../core/parse-settings.js";
import type { Plan, RolloutState, Settings } from "../core/model.js";
import { fail, ok, type Result } from "../core/result.js";
import { parseState } from "../core/state/parse-state.js";
import type { GitHubPort, PathCommit } from "../port/github-port.js";

export const SETTINGS_PATH = ".github/stagegate.yml";
export const PLANS_DIR = ".github/rollouts";

/** Plans read at once by loadRepoConfig (each takes two requests). */
const LOAD_CONCURRENCY = 16;

/** A plan file: directly inside `.github/rollouts/`, ending in `.yml` or `.yaml`. */
export function isPlanPath(path: string): boolean {
  return /^\.github\/rollouts\/[^/]+\.ya?ml$/.test(path);
}

export interface LoadOptions {
  /**
   * Settings with `_extends` resolved (Probot's `context.config` does it for the App). Called only
   * when the settings file uses `_extends`; without it, the file's own text is used as is.
   */
  loadExtendedSettings?: () => Promise<unknown>;
}

export interface StateFile {
  path: string;
  text: string;
  /** Blob sha to pass back when committing the next state. */
  sha: string;
  state: Result<RolloutState>;
}

export interface LoadedRollout {
  /** The rollout's name: the plan file's name without `.yml`. */
  name: string;
  planPath: string;
  plan: Result<Plan>;
  /** Where the state file lives, known even when the plan itself does not parse. */
  statePath: string;
  /** The plan's text as read (null when it could not be), to point problems at its lines. */
  planText?: string | null;
  /** null until the rollout has started (no state file on the default branch yet). */
  stateFile: StateFile | null;
  /**
   * The last commit on the default branch that changed the state file (null: none did, or there
   * is no state file): core/state/hand-edit.ts tells from it whether stagegate wrote what is
   * there. The REST load reads it per rollout; the batched load (load-repo-batched.ts) in the
   * same request as the files; undefined where a loader did not read it.
   */
  stateLastCommit?: PathCommit | null;
}

export interface RepoConfig {
  defaultBranch: string;
  /** Where the plans were read. */
  ref: string;
  settings: Result<Settings>;
  /** False when the repository has no `.github/stagegate.yml` (default settings apply). */
  settingsFound: boolean;
  rollouts: LoadedRollout[];
}

export async function loadSettings(port: GitHubPort, defaultBranch: string, options: LoadOptions = {}): Promise<{ settings: Result<Settings>; found: boolean }> {
  const file = await port.readFile(SETTINGS_PATH, defaultBranch);
  if (file === null) return { settings: ok(defaultSettings()), found: false };
  const settings = parseSettings(file.content, SETTINGS_PATH);
  if (settings.ok && options.loadExtendedSettings && usesExtends(file.content)) {
    return { settings: settingsFromObject(await options.loadExtendedSettings(), SETTINGS_PATH), found: true };
  }
  return { settings, found: true };
}

function usesExtends(text: string): boolean {
  const doc = parseDocument(text);
  return isMap(doc.contents) && doc.contents.has("_extends");
}

/**
 * The state file a plan names. Read from the raw text, so that `/rollback` can still find the
 * state of a rollout whose plan no longer parses.
 */
export function statePathOf(planText: string, planPath: string): string {
  const doc = parseDocument(planText);
  const declared: unknown = isMap(doc.contents) ? doc.contents.get("state") : undefined;
  return typeof declared === "string" && declared.trim() !== "" ? declared.trim() : defaultStatePath(planName(planPath));
}

/** The state file at a branch or a commit. */
export async function readStateFile(port: GitHubPort, path: string, ref: string): Promise<StateFile | null> {
  const file = await port.readFile(path, ref);
  if (file === null) return null;
  return { path, text: file.content, sha: file.sha, state: parseState(file.content, path) };
}

/**
 * The state file on the default branch with the commit that last changed it. The commit is asked
 * for first and the file read at it: the file on the branch is the file as its last change left
 * it, so the text and the commit judged for it always belong together (a change landing between
 * the two reads cannot pair new text with an old commit). And when that commit is one this process
 * made, the port knows the file at it already (port/committed-files.ts): the tick after the App's
 * own write reads only the commit, which it must read anyway to tell its own write from a hand
 * edit, whatever else it remembers.
 */
async function readStateWithCommit(port: GitHubPort, path: string, defaultBranch: string): Promise<Pick<LoadedRollout, "stateFile" | "stateLastCommit">> {
  const lastCommit = await port.lastCommitTouching(path, defaultBranch);
  // No commit changed it: it never existed. Its last change removed it: it does not exist now.
  const stateFile = lastCommit === null ? null : await readStateFile(port, path, lastCommit.sha);
  return { stateFile, stateLastCommit: stateFile === null ? null : lastCommit };
}

/** One plan read at `ref`, with its state from the default branch. */
export async function loadRollout(port: GitHubPort, planPath: string, ref: string, defaultBranch: string, settings: Result<Settings>): Promise<LoadedRollout> {
  const name = planName(planPath);
  const file = await port.readFile(planPath, ref);
  if (file === null) {
    const statePath = defaultStatePath(name);
    const missing = fail<Plan>([{ file: planPath, line: 1, col: 1, message: `the plan ${planPath} does not exist at ${ref}` }]);
    return { name, planPath, plan: missing, statePath, ...(await readStateWithCommit(port, statePath, defaultBranch)) };
  }
  // Roles are checked against the settings only when those parse; their own problems are
  // reported separately, once, instead of as a failure of every plan.
  const plan = parsePlan(file.content, planPath, settings.ok ? settings.value : null);
  const statePath = plan.ok ? plan.value.statePath : statePathOf(file.content, planPath);
  return { name, planPath, plan, statePath, planText: file.content, ...(await readStateWithCommit(port, statePath, defaultBranch)) };
}

export async function loadRepoConfig(port: GitHubPort, ref?: string, options: LoadOptions = {}): Promise<RepoConfig> {
  const defaultBranch = await port.defaultBranch();
  const at = ref ?? defaultBranch;
  const [{ settings, found }, files] = await Promise.all([loadSettings(port, defaultBranch, options), port.listFiles(PLANS_DIR, at)]);
  const planPaths = files.map((f) => f.path).filter(isPlanPath).sort();
  // Two reads a plan: with every plan at once, a repository of more than fifty rollouts would pass
  // GitHub's limit of 100 requests in flight per token (the 101st is refused).
  const limit = pLimit(LOAD_CONCURRENCY);
  const rollouts = await Promise.all(planPaths.map((path) => limit(() => loadRollout(port, path, at, defaultBranch, settings))));
  return { defaultBranch, ref: at, settings, settingsFound: found, rollouts };
}
