// From committed files to what the rule needs: the state file says where the rollout stands,
// the plan (when the reader has it) which audiences its stages name.
import type { Plan, RolloutState } from "../model.js";
import { parsePlan } from "../parse-plan.js";
import { fail, ok, type Result } from "../result.js";
import { parseState } from "../state/parse-state.js";
import type { FlagState } from "./evaluate.js";

export function flagState(state: RolloutState, plan: Pick<Plan, "stages"> | null): FlagState {
  return {
    rollout: state.rollout,
    stage: state.stage,
    percent: state.percent,
    status: state.status,
    resumeTo: state.resumeTo,
    stages: (plan?.stages ?? []).map((s) => ({ name: s.name, audience: s.audience })),
  };
}

export interface FlagFiles {
  state: { path: string; text: string };
  /** The rollout's plan; without it no stage audience is on (percentages still are). */
  plan?: { path: string; text: string } | null;
}

/** Parses the files; a broken state file or plan is a problem, never a guess. */
export function readFlagState(files: FlagFiles): Result<FlagState> {
  const state = parseState(files.state.text, files.state.path);
  if (!state.ok) return state;
  if (files.plan === undefined || files.plan === null) return ok(flagState(state.value, null));
  const plan = parsePlan(files.plan.text, files.plan.path, null);
  if (!plan.ok) return plan;
  if (plan.value.name !== state.value.rollout) {
    return fail([{ file: files.plan.path, line: 1, col: 1, message: `this is the plan of ${plan.value.name}, but ${files.state.path} is the state of ${state.value.rollout}` }]);
  }
  return ok(flagState(state.value, plan.value));
}
