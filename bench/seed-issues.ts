// Tracking issues as an earlier run left them, put straight into the emulator. A first run over
// a thousand rollouts creates a thousand issues, which the workflow token's 1,000 requests an
// hour cannot pay for in one run (it happens once in a rollout's life, spread over the runs that
// start them); the bench measures the runs after it, so it starts from their result: each body
// rendered by stagegate's own renderer from the plan, the state and the bench's gate values.
import { parsePlan } from "../core/parse-plan.js";
import { parseSettings } from "../core/parse-settings.js";
import { parseState } from "../core/state/parse-state.js";
import { createSuppliedValuesProvider, parseSuppliedValues } from "../metrics/supplied-values.js";
import { issueTitle } from "../core/tracking-issue/render.js";
import { renderTrackingIssue } from "../core/tracking-issue/render.js";
import { trackingIssueView } from "../runtime/render-tracking-issue.js";
import { observeFacts } from "../runtime/rollout-inputs.js";
import { TRACKING_LABEL } from "../runtime/tracking-issue-sync.js";
import type { RolloutRepo } from "./rollout-repo.js";

export async function seedTrackingIssues(repo: RolloutRepo, files: Record<string, string>, now: Date, metricsValues: string): Promise<void> {
  const settings = parseSettings(files[".github/stagegate.yml"] ?? "", ".github/stagegate.yml");
  const values = parseSuppliedValues(metricsValues);
  if (!settings.ok || !values.ok) throw new Error("the bench's settings or gate values do not parse");
  const provider = createSuppliedValuesProvider(values.value);
  const person = repo.emulator.as("pam");
  for (const name of repo.names) {
    const planPath = `.github/rollouts/${name}.yml`;
    const plan = parsePlan(files[planPath] ?? "", planPath, settings.value);
    if (!plan.ok) continue;
    const state = parseState(files[plan.value.statePath] ?? "", plan.value.statePath);
    if (!state.ok) continue;
    const facts = await observeFacts(provider, plan.value, now);
    const body = renderTrackingIssue(trackingIssueView({ settings: settings.value, plan: plan.value, state: state.value, signoffs: [], facts, now }));
    await person.openIssue(repo.repository, { title: issueTitle(plan.value), body, labels: [TRACKING_LABEL] });
  }
}
