// The flagd projection of a rollout: when its plan asks for it (`flagd:`), a flag-definition
// file committed beside the state, so flagd providers in any language follow the rollout. It is
// re-rendered from the committed state file, never from a decision in flight: after a conflict
// (someone committed the state or the file meanwhile) it reads both again, so the file always
// ends up as the projection of the newest state and an older writer never overwrites a newer one.
import { flagState } from "../core/flags/flag-state.js";
import { flagdDefinition } from "../core/flags/flagd-definition.js";
import type { Plan } from "../core/model.js";
import { parseState } from "../core/state/parse-state.js";
import type { GitHubPort } from "../port/github-port.js";
import { applyWrite } from "./writes.js";

export type FlagdSync =
  | { kind: "not-configured" }
  | { kind: "unchanged"; path: string }
  | { kind: "committed"; path: string; commitSha: string }
  /** No readable state yet (not started, or a broken file the Action reports itself). */
  | { kind: "no-state"; path: string }
  | { kind: "conflict"; path: string; attempts: number };

const ATTEMPTS = 5;

export async function syncFlagdFile(port: GitHubPort, plan: Plan, branch: string): Promise<FlagdSync> {
  const flagd = plan.flagd;
  if (!flagd) return { kind: "not-configured" };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const [stateFile, current] = await Promise.all([port.readFile(plan.statePath, branch), port.readFile(flagd.path, branch)]);
    const state = stateFile === null ? null : parseState(stateFile.content, plan.statePath);
    if (state === null || !state.ok) return { kind: "no-state", path: flagd.path };
    const text = flagdDefinition(flagState(state.value, plan), flagd.audienceAttribute);
    if (current?.content === text) return { kind: "unchanged", path: flagd.path };
    const s = state.value;
    const result = await applyWrite(port, {
      kind: "commit-file",
      path: flagd.path,
      content: text,
      message: `${plan.name}: flagd definition follows the state (${s.stage}, ${s.percent}%, ${s.status})`,
      expectedSha: current?.sha ?? null,
      branch,
    });
    if (result.ok) return { kind: "committed", path: flagd.path, commitSha: result.commitSha };
  }
  return { kind: "conflict", path: flagd.path, attempts: ATTEMPTS };
}
