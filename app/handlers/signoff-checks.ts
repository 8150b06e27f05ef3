// While a plan PR is open its sign-offs live on check runs of the PR's head commit: only the
// App can write its own runs, so a sign-off cannot be forged by a workflow posting a run of the
// same name (runs of other apps are ignored). Each run carries a hidden record of whose
// sign-off it is; the latest run per item is the truth, so a withdrawal is a new pending run.
import type { Approval, ChecklistItem, Plan, Settings } from "../../core/model.js";
import { whoMay } from "../../core/roles.js";
import { toUtcIso } from "../../core/state/utc-time.js";
import type { CheckRunData, CheckRunInput, GitHubPort } from "../../port/github-port.js";

export const PLAN_CHECK = "stagegate / plan";
export const SIGNOFF_SUMMARY_CHECK = "stagegate / sign-off";

export const signoffCheckName = (item: ChecklistItem): string => `stagegate / ${item.title}`;
export const signoffExternalId = (item: ChecklistItem): string => `signoff/${item.id}`;

const RECORD = /<!-- stagegate:signoff (\S+) -->/;

interface SignoffRecord {
  rollout: string;
  item: string;
  by: string | null;
  at: string | null;
}

function writeRecord(record: SignoffRecord): string {
  const params = new URLSearchParams({ rollout: record.rollout, item: record.item, ...(record.by ? { by: record.by } : {}), ...(record.at ? { at: record.at } : {}) });
  return `<!-- stagegate:signoff ${params.toString()} -->`;
}

function readRecord(text: string | null): SignoffRecord | null {
  const match = text === null ? null : RECORD.exec(text);
  if (!match) return null;
  const params = new URLSearchParams(match[1]);
  const rollout = params.get("rollout");
  const item = params.get("item");
  return rollout && item ? { rollout, item, by: params.get("by"), at: params.get("at") } : null;
}

export interface SignoffRun {
  run: CheckRunData;
  record: SignoffRecord;
  /** Set when the latest run says the item is signed. */
  approval: Approval | null;
}

/** The latest sign-off run of each item of a rollout, by item id, from the App's own runs. */
export function signoffRuns(runs: CheckRunData[], appId: number, rollout: string): Map<string, SignoffRun> {
  const latest = new Map<string, SignoffRun>();
  for (const run of runs) {
    if (run.appId !== appId || !run.externalId?.startsWith("signoff/")) continue;
    const record = readRecord(run.output.text);
    if (record === null || record.rollout !== rollout) continue;
    const seen = latest.get(record.item);
    if (seen !== undefined && seen.run.id > run.id) continue;
    const signed = run.status === "completed" && run.conclusion === "success" && record.by !== null && record.at !== null;
    latest.set(record.item, { run, record, approval: signed ? { item: record.item, stage: null, by: record.by as string, at: record.at as string } : null });
  }
  return latest;
}

export function approvalsOf(runs: Map<string, SignoffRun>): Approval[] {
  return [...runs.values()].flatMap((r) => (r.approval ? [r.approval] : []));
}

function runInput(plan: Plan, settings: Settings, item: ChecklistItem, headSha: string, approval: Approval | null, detailsUrl: string | undefined): CheckRunInput {
  const record = writeRecord({ rollout: plan.name, item: item.id, by: approval?.by ?? null, at: approval?.at ?? null });
  const common = { name: signoffCheckName(item), headSha, externalId: signoffExternalId(item), ...(detailsUrl ? { detailsUrl } : {}) };
  if (approval !== null) {
    return {
      ...common,
      status: "completed",
      conclusion: "success",
      title: `Signed off by @${approval.by}`,
      summary: `**${item.title}** (${plan.name}) was signed off by @${approval.by} (role ${item.role}) at ${approval.at}.`,
      text: record,
    };
  }
  return {
    ...common,
    status: "in_progress",
    title: `Waiting for ${item.role}`,
    summary: `**${item.title}** (${plan.name}) needs a tick in the tracking issue by ${whoMay(settings, item.role)}.`,
    text: record,
  };
}

function sameSignoff(existing: SignoffRun | undefined, approval: Approval | null): boolean {
  if (existing === undefined) return false;
  if (approval === null) return existing.approval === null && existing.run.status !== "completed";
  return existing.approval !== null && existing.approval.by === approval.by;
}

export interface SignoffTarget {
  plan: Plan;
  settings: Settings;
  headSha: string;
  appId: number;
  detailsUrl?: string;
}

/**
 * Makes the head's sign-off runs say exactly `signed` (item id → approval): completes pending
 * runs, opens a fresh pending run for a withdrawn one, leaves matching runs alone.
 */
export async function writeSignoffRuns(port: GitHubPort, target: SignoffTarget, signed: Map<string, Approval>, runs?: CheckRunData[]): Promise<void> {
  const current = signoffRuns(runs ?? (await port.listCheckRuns(target.headSha)), target.appId, target.plan.name);
  for (const item of target.plan.signoff) {
    const approval = signed.get(item.id) ?? null;
    const existing = current.get(item.id);
    if (sameSignoff(existing, approval)) continue;
    const input = runInput(target.plan, target.settings, item, target.headSha, approval, target.detailsUrl);
    // A completed run is not reopened: a new run of the same name supersedes it.
    if (existing !== undefined && existing.run.status !== "completed") await port.updateCheckRun(existing.run.id, input);
    else await port.createCheckRun(input);
  }
}

/** How many sign-off items of the App's runs on this head are still unsigned (0 when there are none). */
export function unsignedCount(runs: CheckRunData[], appId: number): number {
  const rollouts = new Set(runs.flatMap((run) => (run.appId === appId ? [readRecord(run.output.text)?.rollout ?? null] : [])).filter((r): r is string => r !== null));
  let unsigned = 0;
  for (const rollout of rollouts) for (const r of signoffRuns(runs, appId, rollout).values()) if (r.approval === null) unsigned++;
  return unsigned;
}

/** The one check branch protection requires for sign-offs, whatever the plan's items are. */
export async function writeSignoffSummary(port: GitHubPort, headSha: string, appId: number, detailsUrl?: string): Promise<void> {
  const runs = await port.listCheckRuns(headSha);
  const unsigned = unsignedCount(runs, appId);
  const signed = unsigned === 0;
  const input: CheckRunInput = {
    name: SIGNOFF_SUMMARY_CHECK,
    headSha,
    status: signed ? "completed" : "in_progress",
    ...(signed ? { conclusion: "success" as const } : {}),
    ...(detailsUrl ? { detailsUrl } : {}),
    title: signed ? "Every sign-off is in" : `Waiting for ${unsigned} sign-off${unsigned === 1 ? "" : "s"}`,
    summary: signed
      ? "Every sign-off item of the rollout plans in this pull request is signed (or the pull request changes no plan)."
      : `${unsigned} sign-off item${unsigned === 1 ? " is" : "s are"} still open: see the \`stagegate / …\` checks, and tick them in the tracking issue.`,
  };
  const existing = runs.filter((r) => r.appId === appId && r.name === SIGNOFF_SUMMARY_CHECK).sort((a, b) => b.id - a.id)[0];
  if (existing === undefined) await port.createCheckRun(input);
  else if (existing.status !== "completed") await port.updateCheckRun(existing.id, input);
  else if (!signed || existing.conclusion !== "success") await port.createCheckRun(input);
}

/** ISO time for a sign-off recorded now. */
export const signedAt = (now: Date): string => toUtcIso(now.getTime());
