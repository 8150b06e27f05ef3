// Where a tick on a tracking issue is recorded. Once the rollout has started (its state file is
// on the default branch), in the state file, against the plan of the default branch. Before
// that, on the sign-off check runs of the plan PR's head, against the plan in that PR.
import type { Plan, Settings } from "../../core/model.js";
import { parsePlan } from "../../core/parse-plan.js";
import { formatProblem, type Problem } from "../../core/result.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import type { LoadedRollout } from "../../runtime/load-repo-config.js";
import { findPlanPath, loadFromDefaultBranch } from "../../runtime/rollout-inputs.js";
import type { HandlerDeps } from "../deps.js";

export type PlanTarget =
  /** `loaded` is the rollout as just read (state file and its sha included), to decide on without reading it again. */
  | { kind: "started"; settings: Settings; plan: Plan; defaultBranch: string; loaded: LoadedRollout }
  | { kind: "pull-request"; settings: Settings; plan: Plan; pullRequest: number; headSha: string; issueUrl: string };

/** Why ticks cannot be verified right now, in words for the person who ticked. */
type Unverifiable = { kind: "unverifiable"; message: string };

const listProblems = (problems: Problem[]): string => problems.slice(0, 5).map((p) => `\n- \`${formatProblem(p).replace(/`/g, "'")}\``).join("");

export async function openPlanTarget(deps: HandlerDeps, rollout: string, issueBody: string, issueUrl: string): Promise<PlanTarget | Unverifiable> {
  const loaded = await loadFromDefaultBranch(deps.sources, rollout);
  if (!loaded.settings.ok) {
    return { kind: "unverifiable", message: `ticks cannot be verified until the settings on ${loaded.defaultBranch} parse again:${listProblems(loaded.settings.problems)}` };
  }
  const settings = loaded.settings.value;
  const r = loaded.rollout;
  if (r !== null && r.stateFile !== null) {
    if (r.plan.ok) return { kind: "started", settings, plan: r.plan.value, defaultBranch: loaded.defaultBranch, loaded: r };
    return { kind: "unverifiable", message: `ticks cannot be verified until the plan on ${loaded.defaultBranch} parses again:${listProblems(r.plan.problems)}` };
  }

  const notYet: Unverifiable = { kind: "unverifiable", message: `${rollout} has neither an open plan pull request nor a state file, so there is nothing to record ticks in yet.` };
  const number = parseTrackingIssue(issueBody).pullRequest;
  if (number === null) return notYet;
  const pr = await deps.port.getPullRequest(number);
  if (pr === null || (pr.state === "closed" && !pr.merged)) return notYet;
  // Whoever can edit the issue can edit its text: trust the number only if that PR has the plan.
  const planPath = await findPlanPath(deps.port, rollout, pr.headSha);
  const file = planPath === null ? null : await deps.port.readFile(planPath, pr.headSha);
  if (planPath === null || file === null) return notYet;
  const plan = parsePlan(file.content, planPath, settings);
  if (!plan.ok) return { kind: "unverifiable", message: `ticks cannot be verified until the plan in #${pr.number} parses (see its \`stagegate / plan\` check).` };
  return { kind: "pull-request", settings, plan: plan.value, pullRequest: pr.number, headSha: pr.headSha, issueUrl };
}
