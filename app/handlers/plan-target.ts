// Where a tick on a tracking issue is recorded. Once the rollout has started (its state file is
// on the default branch), in the state file, against the plan of the default branch. Before
// that, on the sign-off check runs of the plan PR's head, against the plan in that PR.
import type { Plan, Settings } from "../../core/model.js";
import { parsePlan } from "../../core/parse-plan.js";
import { findPlanPath, loadFromDefaultBranch } from "../../runtime/rollout-inputs.js";
import type { HandlerDeps } from "../deps.js";

export type PlanTarget =
  | { kind: "started"; settings: Settings; plan: Plan }
  | { kind: "pull-request"; settings: Settings; plan: Plan; pullRequest: number; headSha: string; issueUrl?: string };

// The renderer writes `Plan PR: #<n>` into the issue's header while the plan PR is open.
const PLAN_PR = /(?:^|·)\s*Plan PR: #(\d+)\s*(?:·|$)/m;

export function planPullRequestOf(body: string): number | null {
  const match = PLAN_PR.exec(body);
  return match ? Number(match[1]) : null;
}

export async function openPlanTarget(deps: HandlerDeps, rollout: string, issueBody: string, issueUrl?: string): Promise<PlanTarget | null> {
  const loaded = await loadFromDefaultBranch(deps.sources, rollout);
  if (!loaded.settings.ok) {
    deps.log.warn({ rollout }, "ticks not verified: the settings on the default branch do not parse");
    return null;
  }
  const settings = loaded.settings.value;
  const r = loaded.rollout;
  if (r !== null && r.stateFile !== null) return r.plan.ok ? { kind: "started", settings, plan: r.plan.value } : null;

  const number = planPullRequestOf(issueBody);
  if (number === null) return null;
  const pr = await deps.port.getPullRequest(number);
  if (pr === null || (pr.state === "closed" && !pr.merged)) return null;
  // Whoever can edit the issue can edit its text: trust the number only if that PR has the plan.
  const planPath = await findPlanPath(deps.port, rollout, pr.headSha);
  if (planPath === null) return null;
  const file = await deps.port.readFile(planPath, pr.headSha);
  if (file === null) return null;
  const plan = parsePlan(file.content, planPath, settings);
  if (!plan.ok) return null;
  return { kind: "pull-request", settings, plan: plan.value, pullRequest: pr.number, headSha: pr.headSha, ...(issueUrl ? { issueUrl } : {}) };
}
