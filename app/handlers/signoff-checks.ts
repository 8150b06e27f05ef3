// While a plan PR is open its sign-offs live on check runs of the PR's head commit, one per
// item, each carrying a hidden record of whose sign-off it is (runtime/signoffs.ts holds the
// record format and which runs count, shared with the Action that reads them on merge). This
// file writes those runs and the one summary check branch protection requires.
import type { Approval, ChecklistItem, Plan, Settings } from "../../core/model.js";
import { whoMay } from "../../core/permissions.js";
import { text, when } from "../../core/tracking-issue/format.js";
import type { CheckRunData, CheckRunInput, GitHubPort } from "../../port/github-port.js";
import { signoffExternalId, signoffRuns, unsignedCount, writeSignoffRecord, type SignoffRun } from "../../runtime/signoffs.js";
import { applyWrite } from "../../runtime/writes.js";

// The other handlers read sign-offs through this module.
export { approvalsOf, signoffRuns } from "../../runtime/signoffs.js";

export const PLAN_CHECK = "stagegate / plan";
const SIGNOFF_SUMMARY_CHECK = "stagegate / sign-off";

const signoffCheckName = (item: ChecklistItem): string => `stagegate / ${item.title}`;

function runInput(plan: Plan, settings: Settings, item: ChecklistItem, headSha: string, approval: Approval | null, detailsUrl: string | undefined): CheckRunInput {
  const record = writeSignoffRecord({ rollout: plan.name, item: item.id, by: approval?.by ?? null, at: approval?.at ?? null });
  const common = { name: signoffCheckName(item), headSha, externalId: signoffExternalId(item), ...(detailsUrl ? { detailsUrl } : {}) };
  if (approval !== null) {
    return {
      ...common,
      status: "completed",
      conclusion: "success",
      title: `Signed off by @${approval.by}`,
      summary: `**${text(item.title)}** (${text(plan.name)}) was signed off by @${approval.by} (role ${item.role}) at ${when(approval.at)}.`,
      text: record,
    };
  }
  return {
    ...common,
    status: "in_progress",
    title: `Waiting for ${item.role}`,
    summary: `**${text(item.title)}** (${text(plan.name)}) needs a tick in the tracking issue by ${whoMay(settings, item.role)}.`,
    text: record,
  };
}

function sameSignoff(existing: SignoffRun | undefined, approval: Approval | null): boolean {
  if (existing === undefined) return false;
  if (approval === null) return existing.approval === null && existing.run.status !== "completed";
  return existing.approval !== null && existing.approval.by === approval.by;
}

interface SignoffTarget {
  plan: Plan;
  settings: Settings;
  headSha: string;
  appId: number;
  detailsUrl?: string;
}

/**
 * Makes the head's sign-off runs say exactly `signed` (item id → approval): completes pending
 * runs, opens a fresh pending run for a withdrawn one, leaves matching runs alone. `runs` are the
 * head's runs as the caller listed them; returns them as they are after these writes, so callers
 * need not list them again.
 */
export async function writeSignoffRuns(port: GitHubPort, target: SignoffTarget, signed: Map<string, Approval>, runs: CheckRunData[]): Promise<CheckRunData[]> {
  let after = runs;
  const current = signoffRuns(after, target.appId, target.plan.name);
  for (const item of target.plan.signoff) {
    const approval = signed.get(item.id) ?? null;
    const existing = current.get(item.id);
    if (sameSignoff(existing, approval)) continue;
    const input = runInput(target.plan, target.settings, item, target.headSha, approval, target.detailsUrl);
    // A completed run is not reopened: a new run of the same name supersedes it.
    if (existing !== undefined && existing.run.status !== "completed") {
      const updated = await applyWrite(port, { kind: "update-check-run", id: existing.run.id, input });
      after = after.map((r) => (r.id === updated.id ? updated : r));
    } else {
      after = [...after, await applyWrite(port, { kind: "create-check-run", input })];
    }
  }
  return after;
}

/**
 * The one check branch protection requires for sign-offs, whatever the plan's items are. It
 * says whether every sign-off is in, not how many are missing: the item checks beside it show
 * that, and a count would cost a write of this check on every tick. `runs` are the head's runs
 * when the caller has them (after its own writes); otherwise they are listed.
 */
export async function writeSignoffSummary(port: GitHubPort, headSha: string, appId: number, detailsUrl?: string, runs?: CheckRunData[]): Promise<void> {
  const current = runs ?? (await port.listCheckRuns(headSha));
  const signed = unsignedCount(current, appId) === 0;
  const input: CheckRunInput = {
    name: SIGNOFF_SUMMARY_CHECK,
    headSha,
    status: signed ? "completed" : "in_progress",
    ...(signed ? { conclusion: "success" as const } : {}),
    ...(detailsUrl ? { detailsUrl } : {}),
    title: signed ? "Every sign-off is in" : "Waiting for sign-offs",
    summary: signed
      ? "Every sign-off item of the rollout plans in this pull request is signed (or the pull request changes no plan)."
      : "Sign-off items are still open: see the pending `stagegate / …` checks, and tick them in the tracking issue.",
  };
  const existing = current.filter((r) => r.appId === appId && r.name === SIGNOFF_SUMMARY_CHECK).sort((a, b) => b.id - a.id)[0];
  if (existing === undefined) await applyWrite(port, { kind: "create-check-run", input });
  else if (existing.status !== "completed") {
    if (!sameOutput(existing, input)) await applyWrite(port, { kind: "update-check-run", id: existing.id, input });
  } else if (!signed || existing.conclusion !== "success") await applyWrite(port, { kind: "create-check-run", input });
}

/** A pending run that already says what `input` says needs no write. */
function sameOutput(run: CheckRunData, input: CheckRunInput): boolean {
  return run.status === input.status && run.output.title === input.title && run.output.summary === input.summary;
}
