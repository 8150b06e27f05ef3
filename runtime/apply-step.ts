// Carries out one engine step: read, decide, commit with the sha that was read, and only then
// project the result (tracking issue, comments). If someone else committed first, the commit
// fails as a conflict, and the step is decided again on what they wrote: that is what makes two
// simultaneous `/promote` comments promote once. Nothing is half-done: when the commit fails for
// good, no comment announces it.
import type { StepResult } from "../core/effects.js";
import { holdingHandEdits, type HandEditPolicy } from "../core/engine/hand-edit-hold.js";
import type { UnreadTeam } from "../core/engine/context.js";
import type { HandEdit } from "../core/state/hand-edit.js";
import type { Facts, Plan, RolloutState, Settings } from "../core/model.js";
import type { Problem, Result } from "../core/result.js";
import { serializeState } from "../core/state/serialize-state.js";
import type { GitHubPort, IssueData } from "../port/github-port.js";
import type { StepAnnouncements } from "./announcements.js";
import { syncFlagdFile, type FlagdSync } from "./flagd-projection.js";
import { findTrackingIssue } from "./tracking-issue-sync.js";
import { applyWrite } from "./writes.js";

export interface StepInputs {
  defaultBranch: string;
  settings: Settings;
  plan: Plan;
  state: RolloutState;
  /** The state file as read: `text`/`sha` null when it does not exist yet. */
  stateFile: { path: string; text: string | null; sha: string | null };
  /** Metric observations for the plan's gates (empty when none were gathered). */
  facts: Facts;
  /** The instant the step is decided at. */
  now: Date;
  /** The state file's last change was not stagegate's (from the loaded rollout's `stateLastCommit`). */
  handEdit?: HandEdit | null;
  /** The teams re-read before a promotion (team-recheck.ts): their active members. */
  teamMembers?: Readonly<Record<string, readonly string[]>>;
  /** The teams that should have been re-read but the token may not read. */
  unreadTeams?: readonly UnreadTeam[];
}

export interface ApplyStepOptions<I extends StepInputs = StepInputs> {
  port: GitHubPort;
  /** Reads the inputs afresh; called before the first attempt and again after every conflict. */
  load: () => Promise<Result<I>>;
  /** A pure decision of the inputs (the core's): the same inputs always give the same step. */
  decide: (inputs: I) => StepResult;
  /**
   * The rollout's tracking issue, asked for only when the step commits: a number the state file
   * does not record yet (or records wrongly, for an issue since deleted) is recorded with it.
   */
  trackingIssue?: () => Promise<number | null>;
  /** A hand-edited state file is held (paused, announced) before `decide`, unless let through. */
  handEdits?: HandEditPolicy;
  /**
   * Re-renders the tracking issue from the step's state, posts what is to be announced
   * (`announce`: pass it on to renderStepIssue) and returns the issue. Called for a
   * `render-issue` effect, and to find the issue to comment on. Leave it out to render once
   * yourself after several steps: comments then go to the issue found by its marker, and the
   * result's `announced` says which announcements were posted.
   */
  renderIssue?: (inputs: I, state: RolloutState, announce: StepAnnouncements) => Promise<IssueData>;
  /** Attempts before giving up on a state file that keeps changing. Default 5. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export type ApplyStepResult<I extends StepInputs = StepInputs> =
  | {
      ok: true;
      step: StepResult;
      inputs: I;
      /** The inputs the first attempt decided on: differ from `inputs` when a conflict made it re-read. */
      firstInputs: I;
      /** null when the step changed nothing. */
      commit: { commitSha: string; fileSha: string } | null;
      issue: IssueData | null;
      attempts: number;
      /** The plan's flagd file (`flagd:`), brought in line with the committed state. */
      flagd: FlagdSync;
      /** The announcements of the step's own entries that were posted. */
      announced: ReadonlySet<string>;
    }
  | { ok: false; reason: "unreadable"; problems: Problem[]; message: string }
  | { ok: false; reason: "conflict"; attempts: number; message: string };

const DEFAULT_ATTEMPTS = 5;
const BASE_DELAY_MS = 200;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function applyStep<I extends StepInputs>(options: ApplyStepOptions<I>): Promise<ApplyStepResult<I>> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;

  let firstInputs: I | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const loaded = await options.load();
    if (!loaded.ok) {
      return { ok: false, reason: "unreadable", problems: loaded.problems, message: "The rollout's files could not be read; nothing was changed." };
    }
    const inputs = loaded.value;
    firstInputs ??= inputs;
    let step = holdingHandEdits(inputs, options.decide, options.handEdits);
    const commitEffect = step.effects.find((e) => e.type === "commit-state");
    if (commitEffect !== undefined && options.trackingIssue !== undefined) {
      const number = await options.trackingIssue();
      if (number !== null && number !== step.state.trackingIssue) step = { ...step, state: { ...step.state, trackingIssue: number } };
    }

    let commit: { commitSha: string; fileSha: string } | null = null;
    if (commitEffect !== undefined) {
      const result = await applyWrite(options.port, {
        kind: "commit-file",
        path: inputs.stateFile.path,
        content: serializeState(step.state, inputs.stateFile.text),
        message: commitEffect.message,
        expectedSha: inputs.stateFile.sha,
        branch: inputs.defaultBranch,
      });
      if (!result.ok) {
        // Someone else changed the file: wait a little (jittered, so racing writers spread out),
        // then re-read and decide again on what they wrote.
        if (attempt < attempts) await sleep(BASE_DELAY_MS * attempt * (0.5 + random()));
        continue;
      }
      commit = { commitSha: result.commitSha, fileSha: result.fileSha };
    }

    // The flagd file is what services in other languages serve from: it follows the state
    // before anything is announced. A failure here leaves the commit standing (the next step
    // heals the file) and is raised once the announcements are out.
    let flagd: FlagdSync = { kind: "not-configured" };
    let flagdFailure: unknown = null;
    try {
      flagd = await syncFlagdFile(options.port, inputs.plan, inputs.defaultBranch);
    } catch (error) {
      flagdFailure = error;
    }
    // Once stagegate has committed, the file is its own again: the hand edit is held in it.
    const announce: StepAnnouncements = { own: ownAnnouncements(step), posted: new Set() };
    const issue = await projectEffects(options, commit === null ? inputs : { ...inputs, handEdit: null }, step, announce);
    if (flagdFailure !== null) throw flagdFailure;
    return { ok: true, step, inputs, firstInputs, commit, issue, attempts: attempt, flagd, announced: announce.posted };
  }
  return {
    ok: false,
    reason: "conflict",
    attempts,
    message: `The state file kept changing while this was being applied (${attempts} attempts); nothing was changed. Try again in a moment.`,
  };
}

/** The announcements of the entries a step appended (core/announcements.ts), by key. */
function ownAnnouncements(step: StepResult): Map<string, string> {
  return new Map(step.effects.flatMap((e) => (e.type === "comment" && e.key !== undefined ? [[e.key, e.body] as const] : [])));
}

/**
 * The effects after the commit, in order. The rendering of the issue posts the step's
 * announcements (and any an earlier process left unposted) with the issue as it reads it; other
 * comments follow. If the issue cannot be written, the commit still stands and is still
 * announced (the issue heals on the next event, a lost announcement never would); the failure
 * is raised after that.
 */
async function projectEffects<I extends StepInputs>(options: ApplyStepOptions<I>, inputs: I, step: StepResult, announce: StepAnnouncements): Promise<IssueData | null> {
  const render = options.renderIssue;
  let issue: IssueData | null = null;
  const failures: unknown[] = [];
  const renderOnce = async (): Promise<IssueData | null> => {
    if (render === undefined || failures.length > 0) return null;
    try {
      return await render(inputs, step.state, announce);
    } catch (error) {
      failures.push(error);
      return null;
    }
  };
  for (const effect of step.effects) {
    if (effect.type === "render-issue") {
      issue = (await renderOnce()) ?? issue;
    } else if (effect.type === "comment") {
      issue ??= (await renderOnce()) ?? (await findTrackingIssue(options.port, inputs.plan.name));
      if (effect.key !== undefined && announce.posted.has(effect.key)) continue;
      if (issue === null) continue;
      await applyWrite(options.port, { kind: "comment", issue: issue.number, body: effect.body });
      if (effect.key !== undefined) announce.posted.add(effect.key);
    }
  }
  if (failures.length > 0) throw failures[0];
  return issue;
}
