// Flow 1: a pull request that adds or changes a rollout plan. The plan is validated with the
// settings of the DEFAULT branch (a PR cannot grant roles), the tracking issue is opened or
// updated, and each sign-off item becomes a check run on the head, pending until ticked.
// Every pull request gets the plan and sign-off checks, so branch protection can require them.
import { NO_FACTS, type Approval, type Plan, type Settings } from "../../core/model.js";
import { sharedStateFiles } from "../../core/state-paths.js";
import { parsePlan } from "../../core/parse-plan.js";
import { defaultSettings, parseSettings } from "../../core/parse-settings.js";
import type { Problem } from "../../core/result.js";
import type { CheckRunData } from "../../port/github-port.js";
import { isPlanPath, loadRepoConfig, readStateFile, SETTINGS_PATH } from "../../runtime/load-repo-config.js";
import { renderRolloutIssue } from "../../runtime/render-tracking-issue.js";
import { applyWrite } from "../../runtime/writes.js";
import type { HandlerDeps } from "../deps.js";
import { planCheckRun } from "./plan-check.js";
import { approvalsOf, PLAN_CHECK, signoffRuns, writeSignoffRuns, writeSignoffSummary } from "./signoff-checks.js";

interface PullRequestEvent {
  number: number;
  headSha: string;
  /** The previous head on `synchronize`: its sign-offs carry over unless dismissed. */
  before: string | null;
}

const STATE_DIR = ".github/rollouts/state/";

interface PlanInPr {
  plan: Plan;
  started: boolean;
  text: string;
}

/** Where a plan's `state:` value starts (line 1, column 1 when it uses the default). */
function stateLine(text: string): { line: number; col: number } {
  for (const [at, line] of text.split(/\r?\n/).entries()) {
    const key = /^state\s*:\s*/.exec(line);
    if (key !== null) return { line: at + 1, col: key[0].length + 1 };
  }
  return { line: 1, col: 1 };
}

export async function handlePlanPullRequest(deps: HandlerDeps, pr: PullRequestEvent): Promise<void> {
  const { port } = deps;
  const now = deps.sources.now();
  const [files, base] = await Promise.all([port.listPullRequestFiles(pr.number), loadRepoConfig(port, undefined, deps.sources)]);
  const problems: Problem[] = [];
  const notes: string[] = [];

  const settings: Settings | null = base.settings.ok ? base.settings.value : null;
  if (!base.settings.ok) {
    problems.push(...base.settings.problems.map((p) => ({ ...p, message: `${p.message} (in ${SETTINGS_PATH} on ${base.defaultBranch}; fix it there first)` })));
  }

  const live = files.filter((f) => f.status !== "removed");
  const settingsFile = live.find((f) => f.path === SETTINGS_PATH);
  if (settingsFile !== undefined) {
    const text = await port.readFile(SETTINGS_PATH, pr.headSha);
    const parsed = text === null ? null : parseSettings(text.content, SETTINGS_PATH);
    if (parsed !== null && !parsed.ok) problems.push(...parsed.problems);
    notes.push(`Roles are read from ${base.defaultBranch}: changes to ${SETTINGS_PATH} apply to plans once this pull request is merged.`);
  }

  const plans: PlanInPr[] = [];
  for (const file of live.filter((f) => isPlanPath(f.path))) {
    const text = await port.readFile(file.path, pr.headSha);
    if (text === null) continue;
    const parsed = parsePlan(text.content, file.path, settings);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const state = await readStateFile(port, parsed.value.statePath, base.defaultBranch);
    plans.push({ plan: parsed.value, started: state !== null, text: text.content });
  }

  // No two plans may claim one state file, on the default branch as this pull request leaves it.
  const changed = new Set(files.map((f) => f.path));
  const claims = [...base.rollouts.filter((r) => !changed.has(r.planPath)), ...plans.map((p) => ({ name: p.plan.name, planPath: p.plan.path, statePath: p.plan.statePath }))];
  const shared = sharedStateFiles(claims.map((c) => ({ name: c.name, planPath: c.planPath, statePath: c.statePath })));
  for (const p of plans) {
    const why = shared.get(p.plan.path);
    if (why !== undefined) problems.push({ file: p.plan.path, ...stateLine(p.text), message: `state: ${why}` });
  }

  // State files belong to stagegate: a hand edit would bypass every gate and approval.
  const statePaths = new Set([...base.rollouts.map((r) => r.statePath), ...plans.map((p) => p.plan.statePath)]);
  for (const file of files) {
    if (statePaths.has(file.path) || file.path.startsWith(STATE_DIR)) {
      problems.push({ file: file.path, line: 1, col: 1, message: "this is a rollout state file, written only by stagegate: change the rollout with /promote, /rollback, /pause or /resume on its tracking issue, not by hand" });
    }
  }

  const headRuns = await port.listCheckRuns(pr.headSha);
  let detailsUrl: string | undefined;
  if (settings !== null) {
    for (const { plan } of plans.filter((p) => !p.started)) {
      const signed = await signoffsFor(deps, plan, pr, headRuns, settings);
      const { issue } = await renderRolloutIssue(port, { settings, plan, state: null, signoffs: [...signed.values()], facts: NO_FACTS, now, pullRequest: pr.number });
      detailsUrl ??= issue.htmlUrl;
      await writeSignoffRuns(port, { plan, settings, headSha: pr.headSha, appId: deps.identity.appId, detailsUrl: issue.htmlUrl }, signed, headRuns);
    }
  }

  const input = planCheckRun({
    headSha: pr.headSha,
    now,
    settings: settings ?? defaultSettings(),
    plans: plans.map((p) => p.plan),
    problems,
    started: plans.filter((p) => p.started).map((p) => p.plan.name),
    notes,
    ...(detailsUrl ? { detailsUrl } : {}),
  });
  const existing = latestOwn(headRuns, deps.identity.appId, PLAN_CHECK);
  await applyWrite(port, existing === undefined ? { kind: "create-check-run", input } : { kind: "update-check-run", id: existing.id, input });
  await writeSignoffSummary(port, pr.headSha, deps.identity.appId, detailsUrl);
}

function latestOwn(runs: CheckRunData[], appId: number, name: string): CheckRunData | undefined {
  return runs.filter((r) => r.appId === appId && r.name === name).sort((a, b) => b.id - a.id)[0];
}

/**
 * The sign-offs a head commit has: its own runs once it has any; before that, on a new push,
 * those of the previous head (unless the settings dismiss stale sign-offs).
 */
async function signoffsFor(deps: HandlerDeps, plan: Plan, pr: PullRequestEvent, headRuns: CheckRunData[], settings: Settings): Promise<Map<string, Approval>> {
  const onHead = signoffRuns(headRuns, deps.identity.appId, plan.name);
  let approvals = approvalsOf(onHead);
  if (onHead.size === 0 && pr.before !== null && !settings.dismissStaleSignoffs) {
    approvals = approvalsOf(signoffRuns(await deps.port.listCheckRuns(pr.before), deps.identity.appId, plan.name));
  }
  const items = new Set(plan.signoff.map((i) => i.id));
  return new Map(approvals.filter((a) => items.has(a.item)).map((a) => [a.item, a]));
}
