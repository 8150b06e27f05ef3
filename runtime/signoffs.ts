// How a plan's sign-offs are recorded while its pull request is open, shared by the App (which
// writes them) and the Action (which carries them into the state file when the plan merges).
// Each sign-off lives on a check run of the PR head: only the App can write its own runs, so a
// sign-off cannot be forged by a workflow posting a run of the same name. The run's `output.text`
// carries a hidden record of whose sign-off it is; the latest run per item is the truth, so a
// withdrawal is a new pending run. Nothing here calls GitHub: callers pass the runs in.
import type { Approval, ChecklistItem } from "../core/model.js";
import type { CheckRunData } from "../port/github-port.js";

const EXTERNAL_ID_PREFIX = "signoff/";
const RECORD = /<!-- stagegate:signoff (\S+) -->/;

export const signoffExternalId = (item: ChecklistItem): string => `${EXTERNAL_ID_PREFIX}${item.id}`;

/** Whose sign-off a run records: `by` and `at` are null while the item waits for its tick. */
export interface SignoffRecord {
  rollout: string;
  item: string;
  by: string | null;
  at: string | null;
}

/** The hidden record as it is written into a check run's `output.text`. */
export function writeSignoffRecord(record: SignoffRecord): string {
  const params = new URLSearchParams({ rollout: record.rollout, item: record.item, ...(record.by ? { by: record.by } : {}), ...(record.at ? { at: record.at } : {}) });
  return `<!-- stagegate:signoff ${params.toString()} -->`;
}

/**
 * The record in a run's text, or null when the text holds none (or one without its rollout and item).
 * Exported beside writeSignoffRecord so the format is held to its round trip.
 */
export function readSignoffRecord(text: string | null): SignoffRecord | null {
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

/**
 * The latest sign-off run of each item of a rollout, by item id. Only runs of the app `appId`
 * count, and only those it marked as sign-offs: any other app's run of the same name is ignored.
 */
export function signoffRuns(runs: CheckRunData[], appId: number, rollout: string): Map<string, SignoffRun> {
  const latest = new Map<string, SignoffRun>();
  for (const run of runs) {
    if (run.appId !== appId || !run.externalId?.startsWith(EXTERNAL_ID_PREFIX)) continue;
    const record = readSignoffRecord(run.output.text);
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

/** Ids of the apps (never `excluded`) whose sign-off runs record a sign-off of `rollout`, ascending. */
export function appsRecordingSignoffs(runs: CheckRunData[], rollout: string, excluded: number): number[] {
  const apps = new Set<number>();
  for (const run of runs) {
    if (run.appId !== null && run.appId !== excluded && run.externalId?.startsWith(EXTERNAL_ID_PREFIX)) apps.add(run.appId);
  }
  return [...apps].filter((id) => signoffRuns(runs, id, rollout).size > 0).sort((a, b) => a - b);
}

/** How many sign-off items of the app's runs on one head are still unsigned, over every rollout they record. */
export function unsignedCount(runs: CheckRunData[], appId: number): number {
  const rollouts = new Set(runs.flatMap((run) => (run.appId === appId ? [readSignoffRecord(run.output.text)?.rollout ?? null] : [])).filter((r): r is string => r !== null));
  let unsigned = 0;
  for (const rollout of rollouts) for (const r of signoffRuns(runs, appId, rollout).values()) if (r.approval === null) unsigned++;
  return unsigned;
}
