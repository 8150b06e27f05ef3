// Every rollout of a repository read in two requests, whatever their number: the settings and
// the plans folder (with the text of every plan and of the state files beside them) in one
// batched read, then, in a second, the state files kept elsewhere, the last commit that changed
// each state file, and each rollout's tracking issue — by the number its state file records
// (`tracking-issue`), or else found by a search for its marker. The REST API would take a
// request per file; a scheduled run over a thousand rollouts could not run once on the workflow
// token's 1,000 requests an hour, and its reads, all at once, would pass GitHub's limit of 100
// concurrent requests.
import { defaultStatePath, parsePlan, planName } from "../core/parse-plan.js";
import type { Plan, Settings } from "../core/model.js";
import { fail, type Result } from "../core/result.js";
import { parseState } from "../core/state/parse-state.js";
import { rolloutMarker } from "../core/tracking-issue/marker.js";
import type { FileAtRef, GitHubPort, IssueData } from "../port/github-port.js";
import { statePathOf, type LoadedRollout } from "./load-repo-config.js";
import { TRACKING_LABEL } from "./tracking-issue-sync.js";

export interface BatchedLoadRequest {
  branch: string;
  settingsPath: string;
  plansDir: string;
  /** Which files directly in the plans folder are plans. */
  isPlan: (path: string) => boolean;
  /** Reads the settings file's text (null: it does not exist). */
  parseSettings: (file: FileAtRef | null) => Result<Settings>;
}

export interface BatchedLoad {
  settings: Result<Settings>;
  rollouts: LoadedRollout[];
  /** Rollout name → its tracking issue; a rollout whose issue was not found is left out. */
  trackingIssues: Map<string, IssueData>;
}

/** The number a state file records for its tracking issue, once the state model carries it. */
function recordedIssue(rollout: LoadedRollout): number | null {
  const state = rollout.stateFile?.state;
  const value = state?.ok ? (state.value as { trackingIssue?: unknown }).trackingIssue : undefined;
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

export async function loadRepoBatched(port: GitHubPort, request: BatchedLoadRequest): Promise<BatchedLoad> {
  const { branch, plansDir } = request;
  const first = await port.readBatch({ ref: branch, files: [request.settingsPath], folders: [plansDir] });
  const settings = request.parseSettings(first.files.get(request.settingsPath) ?? null);
  const prefix = `${plansDir}/`;
  const planPaths = (first.folders.get(plansDir) ?? []).filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/") && request.isPlan(p)).sort();

  const rollouts: LoadedRollout[] = planPaths.map((planPath) => {
    const name = planName(planPath);
    const text = first.files.get(planPath)?.content ?? null;
    if (text === null) {
      const problem = { file: planPath, line: 1, col: 1, message: `the plan ${planPath} could not be read as text` };
      return { name, planPath, plan: fail<Plan>([problem]), statePath: defaultStatePath(name), stateFile: null };
    }
    const plan = parsePlan(text, planPath, settings.ok ? settings.value : null);
    return { name, planPath, plan, statePath: plan.ok ? plan.value.statePath : statePathOf(text, planPath), planText: text, stateFile: null };
  });
  if (rollouts.length === 0) return { settings, rollouts, trackingIssues: new Map() };

  const elsewhere = [...new Set(rollouts.map((r) => r.statePath).filter((path) => !first.files.has(path)))];
  for (const r of rollouts) {
    const file = first.files.get(r.statePath);
    if (file) r.stateFile = { path: r.statePath, text: file.content, sha: file.sha, state: parseState(file.content, r.statePath) };
  }
  const numbered = rollouts.map((r) => [r, recordedIssue(r)] as const);
  const searched = numbered.filter(([, n]) => n === null).map(([r]) => r);
  const second = await port.readBatch({
    ref: branch,
    files: elsewhere,
    lastCommits: [...new Set(rollouts.map((r) => r.statePath))],
    issues: [...new Set(numbered.flatMap(([, n]) => (n === null ? [] : [n])))],
    issueSearches: searched.map((r) => ({ label: TRACKING_LABEL, text: markerText(r.name) })),
  });

  const trackingIssues = new Map<string, IssueData>();
  for (const [r, number] of numbered) {
    if (r.stateFile === null) {
      const file = second.files.get(r.statePath);
      if (file) r.stateFile = { path: r.statePath, text: file.content, sha: file.sha, state: parseState(file.content, r.statePath) };
    }
    r.stateLastCommit = second.lastCommits.get(r.statePath) ?? null;
    const marker = rolloutMarker(r.name);
    const candidates = number === null ? (second.searches.get(markerText(r.name)) ?? []) : [second.issues.get(number) ?? null].filter((i) => i !== null);
    // Only an issue carrying the rollout's marker is its tracking issue; duplicates from a past
    // race resolve to the oldest, as when issues are listed.
    const found = candidates.filter((i) => i.body.includes(marker)).sort((a, b) => a.number - b.number)[0];
    if (found !== undefined) trackingIssues.set(r.name, found);
    // A recorded number that names no issue, or a search that found none: left out, so the
    // issue is looked for the usual way when it must be written.
  }
  return { settings, rollouts, trackingIssues };
}

/** What a search looks for: the marker's words (search ignores the comment's punctuation). */
function markerText(name: string): string {
  return rolloutMarker(name).replace(/^<!--\s*|\s*-->$/g, "");
}
