// The tracking issue as a projection of the truth (plan, state or sign-off check runs, and the
// facts), written through syncTrackingIssue. One subtlety: a box someone ticked a moment ago,
// whose webhook has not been handled yet, must survive a re-render triggered by something
// else, or the tick would vanish before it is verified. So boxes that differ from the truth are
// kept as they are, except those the current event has just judged.
import type { Eligibility } from "../core/decisions.js";
import { eligibility } from "../core/engine/eligibility.js";
import { setItemChecked } from "../core/markdown/tick-diff.js";
import type { Approval, Facts, Plan, RolloutState, Settings } from "../core/model.js";
import { parseTrackingIssue } from "../core/tracking-issue/parse.js";
import { issueTitle, renderTrackingIssue, type TrackingIssueView } from "../core/tracking-issue/render.js";
import type { GitHubPort } from "../port/github-port.js";
import { sameSubstance } from "../core/tracking-issue/substance.js";
import { syncTrackingIssue, type SyncOptions, type SyncResult } from "./tracking-issue-sync.js";

// A rendered item line ends `— ✅ @who · when` exactly when the truth had it approved; a box whose
// state disagrees with its own line was clicked since the last render.
const APPROVED_MARK = "— ✅ ";

/**
 * `rendered` with the boxes of `current` that were clicked since the last render and whose
 * webhooks are still on their way, except the `judged` ones: those show the truth (a refused
 * tick is undone, a recorded one shows who ticked it). A box that merely shows an older truth
 * (a sign-off dismissed by a new push) is not pending, and takes the new truth.
 */
export function keepPendingTicks(rendered: string, current: string | null, judged: ReadonlySet<string>): string {
  if (current === null) return rendered;
  const lines = current.split("\n");
  let body = rendered;
  for (const item of parseTrackingIssue(current).items) {
    if (item.key === null || judged.has(item.key)) continue;
    const clicked = item.checked !== (lines[item.line - 1] ?? "").includes(APPROVED_MARK);
    if (!clicked) continue;
    const kept = setItemChecked(body, item.key, item.checked);
    if (kept.ok) body = kept.body;
  }
  return body;
}

export interface RolloutProjection {
  settings: Settings;
  plan: Plan;
  /** null while the plan PR is open: sign-offs then come from its check runs. */
  state: RolloutState | null;
  signoffs: Approval[];
  facts: Facts;
  now: Date;
  pullRequest?: number;
}

function eligibilityOf(p: RolloutProjection): Eligibility | null {
  if (p.state === null) return null;
  return eligibility({ settings: p.settings, plan: p.plan, state: p.state, facts: p.facts, now: p.now });
}

export function trackingIssueView(p: RolloutProjection): TrackingIssueView {
  return {
    plan: p.plan,
    settings: p.settings,
    state: p.state,
    signoffs: p.signoffs,
    eligibility: eligibilityOf(p),
    now: p.now,
    ...(p.pullRequest !== undefined ? { pullRequest: p.pullRequest } : {}),
  };
}

/** Re-renders the rollout's tracking issue (creating it once if missing). */
export async function renderRolloutIssue(port: GitHubPort, projection: RolloutProjection, judged: ReadonlySet<string> = new Set(), options: SyncOptions = {}): Promise<SyncResult> {
  const body = renderTrackingIssue(trackingIssueView(projection));
  const title = issueTitle(projection.plan);
  // An issue that already says what the rendering says has no box clicked since (a click would
  // show as a box disagreeing with its line), so it needs no parse to look for one.
  const merge = (current: string | null) => (current !== null && sameSubstance(current, body) ? current : keepPendingTicks(body, current, judged));
  return syncTrackingIssue(port, projection.plan.name, (current) => ({ title, body: merge(current?.body ?? null) }), options);
}
