// The story driver: people acting in a browser, the clock's workflow running the Action, and
// the simulated time between them. Every step is narrated with what stagegate answered, read
// back from GitHub. Stories (seed-story.ts, rollback-story.ts) are scripts over this.
import { DateTime } from "luxon";
import type { RolloutState } from "../../core/model.js";
import { parseSettings } from "../../core/parse-settings.js";
import type { PullRequest } from "../github-emulator/state.js";
import type { RolloutOutput } from "../../action/io.js";
import type { ActionEvent, ActionRun } from "./action-runner.js";
import { Narrator } from "./narrator.js";
import { Reach } from "./reach.js";
import { answers, snapshot, standing } from "./observer.js";
import { cronSlot, listed, shortReason, waitKind } from "./reasons.js";
import { exampleFiles, PLAN_PATH, REPO, SETTINGS_PATH, startWorld, type AppHost, type Metrics, type World, type WorldOptions } from "./world.js";

const MINUTE = 60_000;
/** Days after an event with a sample run at noon, before they thin out to one a week. */
const SAMPLE_DAYS = 2;

export interface StoryOptions {
  /** Where the simulated clock starts, local to the settings' calendar: `2026-11-23 09:00`. */
  start: string;
  metrics: Metrics;
  /** Where the narration goes; null keeps quiet. */
  write: ((text: string) => void) | null;
  /** Columns to wrap the narration at. */
  width?: number;
  actionEntry?: string;
  aroundAction?: WorldOptions["aroundAction"];
  /** Where the App runs (default: in this process). */
  app?: AppHost;
}

export interface RecordedRun {
  /** 1-based, in the order of the runs. */
  index: number;
  event: ActionEvent;
  at: string;
  run: ActionRun;
}

/** The tracking issue as it read when the rollout reached a new stage or status. */
export interface IssueMoment {
  at: string;
  /** `awaiting-signoff`, `internal-progressing`, `beta-rolled-back`, … */
  label: string;
  body: string;
}

export class Story {
  readonly runs: RecordedRun[] = [];
  readonly issueMoments: IssueMoment[] = [];
  /** Print every run, also those that wait for the same reasons as the one before (an incident). */
  everyRun = false;
  private last: RolloutOutput | null = null;
  /** When a person last acted or a run last changed something: sample runs follow it closely. */
  private lastEvent = 0;
  /** Whether a person acted after the latest run (which then no longer tells what is due). */
  private actedSinceRun = false;
  /** How many simulated users the rollout reaches, told after every change of the state. */
  private readonly reach: Reach;

  private constructor(
    readonly world: World,
    readonly narrator: Narrator,
  ) {
    this.lastEvent = world.gh.clock.now().getTime();
    this.reach = new Reach(world.gh, REPO, world.plan.statePath);
  }

  static async open(options: StoryOptions): Promise<Story> {
    const zone = zoneOfExample();
    const start = DateTime.fromFormat(options.start, "yyyy-LL-dd HH:mm", { zone });
    if (!start.isValid) throw new Error(`not a local time: ${options.start}`);
    const world = await startWorld({
      start: start.toUTC().toISO() as string,
      metrics: options.metrics,
      ...(options.actionEntry ? { actionEntry: options.actionEntry } : {}),
      ...(options.aroundAction ? { aroundAction: options.aroundAction } : {}),
      ...(options.app ? { app: options.app } : {}),
    });
    return new Story(world, new Narrator({ timezone: world.settings.calendar.timezone, write: options.write, ...(options.width ? { width: options.width } : {}) }));
  }

  get gh() {
    return this.world.gh;
  }

  get now(): number {
    return this.gh.clock.now().getTime();
  }

  /** An instant given in the calendar's zone: `2026-11-27 10:00`. */
  local(text: string): number {
    const at = DateTime.fromFormat(text, "yyyy-LL-dd HH:mm", { zone: this.world.settings.calendar.timezone });
    if (!at.isValid) throw new Error(`not a local time: ${text}`);
    return at.toMillis();
  }

  state(): RolloutState | null {
    return this.world.state();
  }

  /** The tracking issue's number (the App opens it with the plan pull request). */
  trackingIssue(): number {
    const issue = [...this.gh.repo(REPO).issues.values()].find((i) => !i.isPullRequest && i.title === `Rollout: ${this.world.plan.name}`);
    if (!issue) throw new Error(`the App opened no tracking issue "Rollout: ${this.world.plan.name}"`);
    return issue.number;
  }

  // ---- people ----

  /** Runs what a person does, then narrates it with what stagegate answered. */
  async act<T>(actor: string, text: string, work: () => Promise<T>): Promise<T> {
    const at = this.now;
    const before = this.snap();
    const value = await work();
    await this.gh.idle();
    this.lastEvent = at;
    this.actedSinceRun = true;
    this.narrator.event(at, actor, text, answers(before, this.snap(), this.bots()));
    await this.tellReach();
    this.noteIssueMoment();
    return value;
  }

  async openPlanPullRequest(login: string, title: string): Promise<PullRequest> {
    const { value } = await this.act(login, `opens pull request "${title}" adding ${PLAN_PATH}`, () =>
      this.gh.as(login).openPullRequest(REPO, { head: "rollout/playlist-editor", title, files: { [PLAN_PATH]: this.world.files.plan } }),
    );
    return value;
  }

  /** Ticks boxes one click at a time, a minute apart, and narrates them as one event. */
  async tick(login: string, keys: string[]): Promise<void> {
    const issue = this.trackingIssue();
    const titles = keys.map((key) => this.itemTitle(key));
    const what = keys.length === 1 ? `ticks "${titles[0]}"` : `ticks ${keys.length} boxes: ${listed(titles)}`;
    const start = this.now;
    await this.act(login, what, async () => {
      for (const [i, key] of keys.entries()) {
        this.gh.clock.set(new Date(start + i * MINUTE));
        await this.gh.as(login).tick(REPO, issue, key);
        await this.gh.idle();
      }
    });
  }

  async comment(login: string, body: string): Promise<void> {
    const issue = this.trackingIssue();
    await this.act(login, `comments ${body}`, () => this.gh.as(login).comment(REPO, issue, body));
  }

  /** Merges the pull request, then runs the Action on the push it caused, as the workflow does. */
  async merge(login: string, pr: PullRequest): Promise<void> {
    const merged = await this.act(login, `merges pull request #${pr.number}`, () => this.gh.as(login).merge(REPO, pr.number));
    const push = merged.deliveries.find((d) => d.event === "push");
    if (!push) throw new Error(`merging #${pr.number} sent no push event`);
    // The workflow's event file has no installation: that is a field of the App's deliveries.
    const { installation: _installation, ...payload } = push.payload;
    await this.runAction("push", payload);
  }

  // ---- the clock ----

  /** One run of the clock's workflow at the next slot of its schedule. */
  async scheduled(): Promise<ActionRun> {
    this.gh.clock.set(new Date(cronSlot(this.now)));
    return this.runAction("schedule");
  }

  async runAction(event: ActionEvent, payload?: Record<string, unknown>): Promise<ActionRun> {
    const before = this.snap();
    const run = await this.world.runAction(event, payload);
    this.actedSinceRun = false;
    this.runs.push({ index: this.runs.length + 1, event, at: this.gh.clock.iso(), run });
    this.noteIssueMoment();
    const report = run.rollouts[0];
    const actor = `Action (${event})`;
    if (run.code === 0 && report === undefined) {
      this.narrator.wait(this.now, actor, "waits: no rollout plan on main yet", "no plan");
      return run;
    }
    if (run.code !== 0 || report === undefined || report.action === "error") {
      const log = [run.stderr, run.stdout].join("\n").split("\n").filter((l) => l.startsWith("::error") || l.startsWith("Error")).join("\n");
      throw new Error(`the Action's ${event} run at ${this.gh.clock.iso()} failed (exit ${run.code}): ${report?.reason ?? "no report"}\n${log}`);
    }
    this.last = report;
    if (report.action === "none") {
      const kind = this.everyRun ? `${this.now}` : waitKind(report.reason);
      this.narrator.wait(this.now, actor, `waits: ${shortReason(report.reason)}`, kind);
    } else {
      this.lastEvent = this.now;
      this.narrator.event(this.now, actor, report.reason, answers(before, this.snap(), this.bots()));
      await this.tellReach();
    }
    return run;
  }

  /**
   * Moves the clock to `target`, running the schedule at noon in between: a sample of its
   * every-15-minutes runs, daily for the two days after something happened, then weekly.
   * Enough to see the rollout wait, and why, without running six weeks of cron.
   */
  async until(target: number): Promise<void> {
    if (target < this.now) throw new Error(`the story goes back in time: ${new Date(target).toISOString()} is before ${this.gh.clock.iso()}`);
    for (let run = this.nextSampleRun(); run < target; run = this.nextSampleRun()) {
      this.gh.clock.set(new Date(run));
      await this.runAction("schedule");
    }
    this.gh.clock.set(new Date(target));
  }

  /** `until`, with the time written in the calendar's zone. */
  at(local: string): Promise<void> {
    return this.until(this.local(local));
  }

  /**
   * Runs the schedule until the rollout moves (a promotion, a rollback, completion), jumping to
   * the next eligible instant the Action reports. Fails, saying why, if it cannot move at all.
   */
  async untilItMoves(maxJumps = 12): Promise<void> {
    const from = this.position();
    for (let jump = 0; jump < maxJumps; jump++) {
      // A run that just happened at this very slot has already said when it may move.
      const latest = this.runs.at(-1);
      const fresh = latest !== undefined && Date.parse(latest.at) === cronSlot(this.now) && !this.actedSinceRun;
      const report = fresh ? latest.run.rollouts[0] : (await this.scheduled()).rollouts[0];
      if (this.position() !== from) return;
      const next = report?.["next-eligible"] ?? null;
      const why = report?.reason ?? "the Action reported no rollout: no plan is on main yet";
      if (next === null) throw new Error(`${this.world.plan.name} cannot move on: ${why}`);
      const slot = cronSlot(Date.parse(next));
      if (slot <= this.now) throw new Error(`${this.world.plan.name} is due by the clock but does not move: ${why}`);
      await this.until(slot);
      if (this.position() !== from) return;
    }
    throw new Error(`${this.world.plan.name} did not move after ${maxJumps} jumps: ${this.last?.reason ?? "no report"}`);
  }

  /** Where the rollout stands now, in words. */
  standing(): string {
    const state = this.state();
    return state === null ? "not started" : standing(state);
  }

  async close(): Promise<void> {
    this.narrator.finish();
    await this.reach.close();
    await this.world.close();
  }

  // ---- helpers ----

  private async tellReach(): Promise<void> {
    for (const line of await this.reach.afterChange(this.state())) this.narrator.note(line);
  }

  private nextSampleRun(): number {
    const zone = this.world.settings.calendar.timezone;
    const eventDay = DateTime.fromMillis(this.lastEvent, { zone }).startOf("day");
    let noon = DateTime.fromMillis(this.now, { zone }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
    if (noon.toMillis() <= this.now) noon = noon.plus({ days: 1 });
    for (;;) {
      const days = Math.round(noon.startOf("day").diff(eventDay, "days").days);
      if (days <= SAMPLE_DAYS || (days - SAMPLE_DAYS) % 7 === 0) return noon.toMillis();
      noon = noon.plus({ days: 1 });
    }
  }

  /** Keeps the issue's body the first time each stage and status shows in it. */
  private noteIssueMoment(): void {
    const issue = [...this.gh.repo(REPO).issues.values()].find((i) => !i.isPullRequest && i.title === `Rollout: ${this.world.plan.name}`);
    if (issue === undefined) return;
    const state = this.state();
    const label = state === null ? "awaiting-signoff" : `${state.stage}-${state.status}`;
    if (this.issueMoments.at(-1)?.label === label) return;
    this.issueMoments.push({ at: this.gh.clock.iso(), label, body: issue.body ?? "" });
  }

  private position(): string {
    const state = this.state();
    return state === null ? "none" : `${state.stage}/${state.percent}/${state.status}`;
  }

  private snap() {
    return snapshot(this.gh, REPO, this.state());
  }

  private bots(): string[] {
    return [this.gh.app.botLogin, "github-actions[bot]"];
  }

  private itemTitle(key: string): string {
    const plan = this.world.plan;
    const [kind, a, b] = key.split("/");
    const item = kind === "signoff" ? plan.signoff.find((i) => i.id === a) : plan.stages.find((s) => s.name === a)?.exit.find((i) => i.id === b);
    if (!item) throw new Error(`the plan has no item ${key}`);
    return item.title;
  }
}

/** The example's calendar zone: story times are written in it. */
function zoneOfExample(): string {
  const parsed = parseSettings(exampleFiles().settings, SETTINGS_PATH);
  if (!parsed.ok) throw new Error(`the example settings do not parse: ${parsed.problems.map((p) => p.message).join("; ")}`);
  return parsed.value.calendar.timezone;
}
