// The tracking issue as a projection of the truth (plan, state or sign-off check runs, and the
// facts), written through syncTrackingIssue. One subtlety: a box someone ticked a moment ago,
// whose webhook has not been handled yet, must survive a re-render triggered by something
// else, or the tick would vanish before it is verified. So boxes that differ from the truth are
// kept as they are, except those the current event has just judged.
import type { Eligibility } from "../core/decisions.js";
import { eligibility } from "../core/engine/eligibility.js";
import type { Approval, Facts, Plan, RolloutState, Settings } from "../core/model.js";
import type { HandEdit } from "../core/state/hand-edit.js";
import { issueTitle, renderTrackingIssue, type TrackingIssueView } from "../core/tracking-issue/render.js";
import type { GitHubPort, IssueData } from "../port/github-port.js";
import type { StepInputs } from "./apply-step.js";
import { sameSubstance } from "../core/tracking-issue/substance.js";
import { withAnnouncedRecord, withoutAnnouncedRecord } from "../core/announcements.js";
import { Announcer, type StepAnnouncements } from "./announcements.js";
import { syncTrackingIssue, type SyncOptions, type SyncResult } from "./tracking-issue-sync.js";

interface RolloutProjection {
  settings: Settings;
  plan: Plan;
  /** null while the plan PR is open: sign-offs then come from its check runs. */
  state: RolloutState | null;
  signoffs: Approval[];
  facts: Facts;
  now: Date;
  pullRequest?: number;
  /** The state file was last changed by hand: the issue says by whom and in which commit. */
  handEdit?: HandEdit | null;
  /** Teams re-read before a promotion: an approval by someone who left one shows as not counting. */
  teamMembers?: Readonly<Record<string, readonly string[]>>;
  /** What the step just applied has to announce (nothing, when no step committed). */
  announce?: StepAnnouncements;
}

function eligibilityOf(p: RolloutProjection): Eligibility | null {
  if (p.state === null) return null;
  return eligibility({ settings: p.settings, plan: p.plan, state: p.state, facts: p.facts, now: p.now, handEdit: p.handEdit ?? null, ...(p.teamMembers ? { teamMembers: p.teamMembers } : {}) });
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

/**
 * Re-renders the rollout's tracking issue (creating it once if missing), and posts the
 * announcements its history calls for that the issue lacks (runtime/announcements.ts).
 */
export async function renderRolloutIssue(port: GitHubPort, projection: RolloutProjection, judged: ReadonlySet<string> = new Set(), options: SyncOptions = {}): Promise<SyncResult> {
  const announcer = new Announcer(port, { settings: projection.settings, plan: projection.plan, history: projection.state?.history ?? [], now: projection.now }, projection.announce);
  const result = await renderOnce(port, projection, judged, options, announcer);
  // A new issue starts with the history so far as announced; this step's own announcements go
  // on it now that it exists.
  if (result.created && announcer.ownPending) return renderOnce(port, projection, judged, { ...options, number: result.issue.number }, announcer);
  return result;
}

async function renderOnce(port: GitHubPort, projection: RolloutProjection, judged: ReadonlySet<string>, options: SyncOptions, announcer: Announcer): Promise<SyncResult> {
  const body = renderTrackingIssue(trackingIssueView(projection));
  const title = issueTitle(projection.plan);
  // An issue that already says what the rendering says has no box clicked since (a click would
  // show as a box disagreeing with its line), so it needs no parse to look for one.
  // The Markdown parser is loaded only then: a run of the clock that changes nothing never needs
  // it, and compiling it is a good part of the Action's start-up.
  const merge = async (current: string | null) => {
    if (current !== null && sameSubstance(current, body)) return current;
    if (current === null) return body;
    const { keepPendingTicks } = await import("./pending-ticks.js");
    return keepPendingTicks(body, current, judged);
  };
  const content = async (current: IssueData | null) => {
    const merged = await merge(current === null ? null : withoutAnnouncedRecord(current.body));
    const record = current === null ? announcer.recordForNewIssue() : await announcer.announceOn(current);
    return { title, body: record === undefined ? merged : withAnnouncedRecord(merged, record) };
  };
  return syncTrackingIssue(port, projection.plan.name, content, { recorded: projection.state?.trackingIssue ?? null, ...options });
}

/**
 * The tracking issue of a started rollout re-rendered from a step's inputs and the state it
 * decided: the one adapter from the load → decide → apply loop to the projection.
 */
export async function renderStepIssue(port: GitHubPort, inputs: StepInputs, state: RolloutState, options: SyncOptions = {}, judged: ReadonlySet<string> = new Set(), announce?: StepAnnouncements): Promise<IssueData> {
  const { settings, plan, facts, now } = inputs;
  const teams = inputs.teamMembers ? { teamMembers: inputs.teamMembers } : {};
  return (await renderRolloutIssue(port, { settings, plan, state, signoffs: [], facts, now, handEdit: inputs.handEdit ?? null, ...teams, ...(announce ? { announce } : {}) }, judged, options)).issue;
}
