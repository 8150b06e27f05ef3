// `/rollback` must work when it is needed most, including the day someone merged a broken plan.
// A rollback needs only the state file: when the plan on the default branch does not parse, the
// rollout goes to 0% at its current stage, in one commit, and the reply says why.
import type { Plan, RolloutState } from "../core/model.js";
import { defaultSettings } from "../core/parse-settings.js";
import { handEditOf } from "../core/state/hand-edit.js";
import { formatProblem, ok, type Problem, type Result } from "../core/result.js";
import type { StepInputs } from "./apply-step.js";
import { loadFromDefaultBranch, loadStepInputs, observeFacts, type RolloutSources } from "./rollout-inputs.js";
import { noMetricsProvider } from "../metrics/provider.js";

/**
 * The smallest plan the engine's rollback accepts for a state: the current stage alone, served
 * at 0%, with 0% as the rollback target. Only ever used to roll back.
 */
function zeroPercentPlan(rollout: string, planPath: string, statePath: string, state: RolloutState): Plan {
  return {
    name: rollout,
    path: planPath,
    description: null,
    statePath,
    signoff: [],
    stages: [{ name: state.stage, percent: 0, audience: null, bake: null, exit: [] }],
    gates: [],
    rollback: { to: { percent: 0 }, when: [], notify: [] },
    alerts: [],
    notify: [],
  };
}

export interface RollbackInputs extends StepInputs {
  /** Set when the plan does not parse and the rollback falls back to 0%. */
  brokenPlan: Problem[] | null;
}

export async function loadRollbackInputs(sources: RolloutSources, rollout: string): Promise<Result<RollbackInputs>> {
  const normal = await loadStepInputs(sources, rollout);
  if (normal.ok) return ok({ ...normal.value, brokenPlan: null });

  const loaded = await loadFromDefaultBranch(sources, rollout);
  const r = loaded.rollout;
  // A broken plan or broken settings are worked around; a rollback cannot do without the state.
  if (r === null || r.stateFile === null || !r.stateFile.state.ok || r.stateFile.state.value.rollout !== rollout) return normal;
  const state = r.stateFile.state.value;
  const plan = r.plan.ok ? r.plan.value : zeroPercentPlan(rollout, r.planPath, r.statePath, state);
  const now = sources.now();
  return ok({
    defaultBranch: loaded.defaultBranch,
    // Settings only name whom to mention; without them, nobody is.
    settings: loaded.settings.ok ? loaded.settings.value : defaultSettings(),
    plan,
    state,
    stateFile: { path: r.stateFile.path, text: r.stateFile.text, sha: r.stateFile.sha },
    facts: await observeFacts(noMetricsProvider, plan, now),
    now,
    handEdit: handEditOf(r.stateLastCommit ?? null),
    brokenPlan: r.plan.ok ? null : r.plan.problems,
  });
}

export function brokenPlanNote(problems: Problem[]): string {
  const shown = problems.slice(0, 5).map((p) => `- \`${formatProblem(p).replace(/`/g, "'")}\``);
  const more = problems.length > 5 ? [`- … and ${problems.length - 5} more`] : [];
  return ["The plan on the default branch does not parse, so the rollback goes to **0%** (the plan's own target cannot be read):", "", ...shown, ...more].join("\n");
}
