// The whole of stagegate against one GitHub emulator, for the fault suite: the App as a real
// server receiving signed webhooks, and the built Action as the child process a runner starts.
//
// The App acknowledges each delivery and works it from its in-process queue, which retries a
// delivery that failed on a transient GitHub error. One process is what that mode supports: N
// replicas need the shared queue on Redis, and replicas-faults.test.ts replays this suite's
// scenarios through three real processes on a real Redis (see `faultSuite` below). A test may
// still start `replicas` in-process servers behind one URL (each with its own queue), to show what
// replicas without a shared queue do.
//
// The App's and the Action's API calls each pass a gate (fault-gate.ts), so a test can hold a
// request, a commit say, and stage a race in an exact order.
import { createStagegateApp } from "../../app/index.js";
import type { FailedDelivery } from "../../app/queue/work-queue.js";
import { startAppServer, type AppServer } from "../../app/server.js";
import { announcedEntries, withAnnouncedRecord } from "../../core/announcements.js";
import type { RolloutState } from "../../core/model.js";
import { parsePlan } from "../../core/parse-plan.js";
import { parseSettings } from "../../core/parse-settings.js";
import { parseState } from "../../core/state/parse-state.js";
import { renderTrackingIssue } from "../../core/tracking-issue/render.js";
import { trackingIssueView } from "../../runtime/render-tracking-issue.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { emulatedProbot } from "../../sandbox/github-emulator/probot.js";
import { runAction, type ActionRun } from "../action/harness.js";
import { startApiGate, startWebhookFront, type ApiGate } from "./fault-gate.js";

export const REPO = "acme/web";
export const PLAN_PATH = ".github/rollouts/playlist-editor.yml";
export const STATE_PATH = ".github/rollouts/state/playlist-editor.yml";
export const ISSUE_TITLE = "Rollout: playlist-editor";
export const BOT = "stagegate[bot]";
/** Who the Action's writes appear as with the workflow's GITHUB_TOKEN. */
export const ACTIONS_BOT = "github-actions[bot]";
export const DAY = 86_400_000;

// No calendar: every instant is open, so only bake times and checklists decide, and a test
// reads as a story of days.
export const SETTINGS = `roles:
  engineering-lead: { teams: [acme/eng-leads] }
  security-lead:    { users: [sam] }
  qa-lead:          { users: [quinn] }
  operations-lead:  { teams: [acme/sre] }
promoters: { teams: [acme/release-managers] }
`;

export const PLAN = `description: Playlist Editor
signoff:
  - { id: code-review, title: Code review completed, role: engineering-lead }
  - { id: security, title: Security review completed, role: security-lead }
stages:
  - name: internal
    percent: 0
    bake: 1d
    exit:
      - { id: no-critical-bugs, title: No critical bugs, role: qa-lead }
  - name: beta
    percent: 1
    bake: 1d
    exit:
      - { id: support-ready, title: Support is briefed, role: operations-lead }
  - { name: full, percent: 100 }
`;

/** Tracking-issue item keys, as `gh.as(…).tick` takes them. */
export const ITEMS = {
  codeReview: "signoff/code-review",
  security: "signoff/security",
  noCriticalBugs: "exit/internal/no-critical-bugs",
  supportReady: "exit/beta/support-ready",
} as const;

export interface FaultWorld {
  gh: RunningEmulator;
  /** The App's installation, to aim faults at the App alone (`installation:<id>`). */
  appActor: string;
  /** The workflow token's actor, to aim faults at the Action alone. */
  actionActor: string;
  /** Every API call of the App passes here. */
  appGate: ApiGate;
  /** Every API call of the Action passes here. */
  actionGate: ApiGate;
  /** The App's servers (one unless asked for more). */
  servers: AppServer[];
  /** Deliveries that kept failing, from every server's failed set. */
  appFailed(): Promise<FailedDelivery[]>;
  /** Every live App server's /metrics, as Prometheus text. */
  queueMetrics(): Promise<string[]>;
  /** Runs the built Action at the emulator's time, as a workflow run would. */
  action(event: "push" | "schedule", payload?: Record<string, unknown>): Promise<ActionRun>;
  close(): Promise<void>;
}

/** The emulator with the suite's organisation, teams, repository, people and the App installed. */
export async function startGitHub(options: { people?: string[]; now?: string } = {}) {
  const gh = await startEmulator({ now: options.now ?? "2026-11-30T14:00:00Z" });
  gh.addOrg("acme");
  gh.addTeam("acme", "eng-leads", ["lee"]);
  gh.addTeam("acme", "sre", ["omar"]);
  gh.addTeam("acme", "release-managers", ["rel"]);
  gh.addRepo("acme", "web", { files: { ".github/stagegate.yml": SETTINGS, "README.md": "# web\n" } });
  const roles = [["ada", "admin"], ["pam", "write"], ["quinn", "write"], ["sam", "triage"], ["lee", "triage"], ["omar", "triage"], ["rita", "read"]] as const;
  for (const [login, role] of roles) gh.setRole(REPO, login, role);
  for (const login of options.people ?? []) gh.setRole(REPO, login, "write");
  const installation = gh.installApp({ account: "acme" });
  return { gh, installation };
}

export type StartWorld = (options?: { people?: string[] }) => Promise<FaultWorld>;

/**
 * The world the fault scenarios run in: this file's, with the App in this process, unless
 * replicas-faults.test.ts replays the same scenarios through three App processes on Redis.
 */
export const faultSuite: { start: StartWorld; mode: "one process" | "replicas" } = { start: (options) => startFaultWorld(options), mode: "one process" };

export async function startFaultWorld(options: { replicas?: number; people?: string[] } = {}): Promise<FaultWorld> {
  const { gh, installation } = await startGitHub(options);

  const appGate = await startApiGate(gh.baseUrl);
  const actionGate = await startApiGate(gh.baseUrl);
  const servers: AppServer[] = [];
  for (let i = 0; i < (options.replicas ?? 1); i++) servers.push(await startReplica(gh, appGate.url));
  for (const server of servers) gh.webhooks.settleWith(() => server.idle());
  const front = await roundRobin(servers.map((s) => s.webhookUrl));
  gh.setWebhookUrl(front.url);

  const token = gh.createActionsToken(REPO);
  return {
    gh,
    appActor: `installation:${installation.id}`,
    actionActor: `actions:${REPO}`,
    appGate,
    actionGate,
    servers,
    appFailed: async () => (await Promise.all(servers.map((server) => server.queue.failed()))).flat(),
    queueMetrics: () => Promise.all(servers.map((server) => server.metrics.registry.metrics())),
    action: (event, payload) =>
      runAction({ apiUrl: actionGate.url, repository: REPO, token, event, ...(payload ? { payload } : {}), inputs: { now: gh.clock.iso() } }),
    close: async () => {
      await gh.idle();
      await front.close();
      for (const server of servers) await server.close();
      await appGate.close();
      await actionGate.close();
      await gh.close();
    },
  };
}

async function startReplica(gh: RunningEmulator, apiUrl: string): Promise<AppServer> {
  const probot = emulatedProbot(gh, apiUrl);
  const app = createStagegateApp({ now: () => gh.clock.now(), sleep: () => Promise.resolve() });
  return startAppServer({ probot, app, sleep: () => Promise.resolve() });
}

/**
 * An HTTP front for the replicas. The first attempt of a delivery goes to the first replica, a
 * second attempt (a duplicate, a redelivery) to the next one, and so on: a repeated delivery
 * never meets a process that remembers it.
 */
function roundRobin(targets: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const attempts = new Map<string, number>();
  return startWebhookFront((id) => {
    const attempt = attempts.get(id) ?? 0;
    attempts.set(id, attempt + 1);
    return targets[attempt % targets.length] as string;
  });
}

// ---- what a person would see on GitHub ----

export function trackingIssue(w: FaultWorld) {
  const issues = [...w.gh.repo(REPO).issues.values()].filter((i) => !i.isPullRequest && i.title === ISSUE_TITLE);
  if (issues.length !== 1) throw new Error(`expected one issue titled ${ISSUE_TITLE}, found ${issues.length}`);
  return issues[0] as (typeof issues)[number];
}

export function issueComments(w: FaultWorld) {
  const issue = trackingIssue(w);
  return issue.commentIds.map((id) => w.gh.state.comments.get(id)).filter((c) => c !== undefined);
}

export function botReactions(comment: { reactions: Array<{ user: string; content: string }> }): string[] {
  return comment.reactions.filter((r) => r.user === BOT).map((r) => r.content).sort();
}

export function stateText(w: FaultWorld): string | null {
  return w.gh.readFile(REPO, STATE_PATH);
}

export function stateOnMain(w: FaultWorld): RolloutState {
  const parsed = parseState(stateText(w) ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error(`the state file does not parse: ${parsed.problems.map((p) => p.message).join("; ")}`);
  return parsed.value;
}

/** Every commit on main that changed the state file, oldest first (following first parents). */
export function stateFileCommits(w: FaultWorld): Array<{ message: string; text: string | null }> {
  const repo = w.gh.repo(REPO);
  const versions: Array<{ message: string; text: string | null }> = [];
  let sha = repo.branches.get(repo.defaultBranch);
  while (sha !== undefined) {
    const commit = repo.commits.get(sha);
    if (commit === undefined) break;
    const parent = commit.parents[0] === undefined ? undefined : repo.commits.get(commit.parents[0]);
    const blob = commit.tree.get(STATE_PATH);
    if (blob !== parent?.tree.get(STATE_PATH)) versions.push({ message: commit.message, text: blob === undefined ? null : (w.gh.state.blobs.get(blob)?.toString("utf8") ?? null) });
    sha = commit.parents[0];
  }
  return versions.reverse();
}

/** Messages of the commits that changed the state file on main, oldest first. */
export function stateCommits(w: FaultWorld): string[] {
  return stateFileCommits(w).map((c) => c.message);
}

/** Whether the issue's box for an item key is ticked. */
export function ticked(body: string | null, key: string): boolean {
  const line = (body ?? "").split("\n").find((l) => l.includes(`<!-- stagegate:item ${key} -->`));
  if (line === undefined) throw new Error(`no item ${key} in the tracking issue`);
  return /^\s*- \[x\]/i.test(line);
}

/**
 * The tracking issue a render of the committed state at the emulator's time gives: what the
 * issue must say once it has caught up with the state file.
 */
export function projectedIssueBody(w: FaultWorld): string {
  const settings = parseSettings(SETTINGS, ".github/stagegate.yml");
  if (!settings.ok) throw new Error("the suite's settings do not parse");
  const plan = parsePlan(PLAN, PLAN_PATH, settings.value);
  if (!plan.ok) throw new Error("the suite's plan does not parse");
  const state = stateOnMain(w);
  const view = trackingIssueView({ settings: settings.value, plan: plan.value, state, signoffs: [], facts: { metrics: {} }, now: w.gh.clock.now() });
  // Caught up means announced too: the issue records the newest announced entry (core/announcements.ts).
  return withAnnouncedRecord(renderTrackingIssue(view), announcedEntries(state.history).at(-1)?.key ?? null);
}

/** A body without its "Updated … by stagegate" line: a re-render that changes only that is skipped. */
export function unstamped(body: string | null): string {
  return (body ?? "").replace(/^<sub>Updated .* by stagegate\b.*$/m, "");
}

/** A comment as GitHub shows it: hidden HTML comments (the App's answer markers) left out. */
export function visibleText(body: string): string {
  return body.replace(/\s*<!--[\s\S]*?-->/g, "");
}
