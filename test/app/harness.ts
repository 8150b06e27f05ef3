// A small organisation for the App's tests: the emulator with acme's teams and people, the
// acme/web repository with stagegate settings, and the App running as a real server that
// receives the emulator's signed webhooks (or, with `server: false`, driven by probot.receive).
import type { Probot } from "probot";
import { afterEach, beforeEach } from "vitest";
import { announcedEntries, withAnnouncedRecord } from "../../core/announcements.js";
import type { RolloutState } from "../../core/model.js";
import { parseState } from "../../core/state/parse-state.js";
import { serializeState } from "../../core/state/serialize-state.js";
import { createStagegateApp } from "../../app/index.js";
import { startAppServer, type AppServer } from "../../app/server.js";
import type { Delivery, Permissions } from "../../sandbox/github-emulator/index.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { emulatedProbot } from "../../sandbox/github-emulator/probot.js";
import { stateFilesApart } from "../seed-state-files.js";

export const REPO = "acme/web";

export const SETTINGS = `roles:
  engineering-lead: { teams: [acme/eng-leads] }
  security-lead:    { users: [sam] }
  qa-lead:          { users: [quinn] }
  operations-lead:  { teams: [acme/sre] }
promoters: { teams: [acme/release-managers] }
`;

export const PLAN_PATH = ".github/rollouts/playlist-editor.yml";
export const STATE_PATH = ".github/rollouts/state/playlist-editor.yml";

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
  - { name: beta, percent: 1, bake: 2d }
  - { name: full, percent: 100 }
`;

export interface AppWorld {
  emulator: RunningEmulator;
  probot: Probot;
  server: AppServer | null;
  /** Feeds a recorded delivery to the App in-process, as Probot's test setup does. */
  receive(delivery: Delivery): Promise<void>;
  close(): Promise<void>;
}

export async function startAppWorld(options: { server?: boolean; files?: Record<string, string>; permissions?: Permissions } = {}): Promise<AppWorld> {
  const emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  emulator.addOrg("acme");
  emulator.addTeam("acme", "eng-leads", ["lee", { login: "ivan", state: "pending" }]);
  emulator.addTeam("acme", "sre", ["omar"]);
  emulator.addTeam("acme", "release-managers", ["rel"]);
  emulator.addRepo("acme", "web", stateFilesApart({ ".github/stagegate.yml": SETTINGS, "README.md": "# web\n", ...options.files }));
  for (const [login, role] of [["ada", "admin"], ["pam", "write"], ["quinn", "write"], ["sam", "triage"], ["lee", "triage"], ["ivan", "triage"], ["tara", "triage"], ["omar", "read"], ["rel", "read"], ["rita", "read"]] as const) {
    emulator.setRole(REPO, login, role);
  }
  emulator.installApp({ account: "acme", ...(options.permissions ? { permissions: options.permissions } : {}) });

  const probot = emulatedProbot(emulator);
  const app = createStagegateApp({ now: () => emulator.clock.now(), sleep: () => Promise.resolve() });
  let server: AppServer | null = null;
  if (options.server !== false) {
    server = await startAppServer({ probot, app, sleep: () => Promise.resolve() });
    emulator.webhooks.settleWith(() => (server as AppServer).idle());
    emulator.setWebhookUrl(server.webhookUrl);
  } else {
    await probot.load(app);
  }
  return {
    emulator,
    probot,
    server,
    receive: (delivery) => probot.receive({ id: delivery.id, name: delivery.event, payload: delivery.payload } as Parameters<Probot["receive"]>[0]),
    close: async () => {
      await emulator.idle();
      await server?.close();
      await emulator.close();
    },
  };
}

// ---- what a person would see on GitHub ----

export function checkRuns(w: AppWorld, sha: string) {
  return [...w.emulator.state.checkRuns.values()].filter((r) => r.headSha === sha).sort((a, b) => a.id - b.id);
}

/** The latest run of each name on a commit, as the merge box shows them. */
export function latestChecks(w: AppWorld, sha: string): Map<string, ReturnType<typeof checkRuns>[number]> {
  return new Map(checkRuns(w, sha).map((r) => [r.name, r] as const));
}

export function trackingIssue(w: AppWorld, title = "Rollout: playlist-editor") {
  const issue = [...w.emulator.repo(REPO).issues.values()].find((i) => !i.isPullRequest && i.title === title);
  if (!issue) throw new Error(`no issue titled ${title}`);
  return issue;
}

export function comments(w: AppWorld, issueNumber: number) {
  const issue = w.emulator.repo(REPO).issues.get(issueNumber);
  return (issue?.commentIds ?? []).map((id) => w.emulator.state.comments.get(id)).filter((c) => c !== undefined);
}

/** Comments on the tracking issue as `login`, waits for the App, and returns its reactions and its replies. */
export async function command(w: AppWorld, login: string, body: string) {
  const issue = trackingIssue(w);
  const before = comments(w, issue.number).length;
  const { value: comment } = await w.emulator.as(login).comment(REPO, issue.number, body);
  await w.emulator.idle();
  const replies = comments(w, issue.number).slice(before).filter((c) => c.author === "stagegate[bot]").map((c) => c.body);
  const reactions = comment.reactions.filter((r) => r.user === "stagegate[bot]").map((r) => r.content);
  return { reactions, replies, reply: replies.join("\n\n") };
}

/** Whether the issue's box for an item key is ticked. */
export function ticked(body: string | null, key: string): boolean {
  const line = (body ?? "").split("\n").find((l) => l.includes(`<!-- stagegate:item ${key} -->`));
  if (line === undefined) throw new Error(`no item ${key}`);
  return /^\s*- \[x\]/i.test(line);
}

/** The plan PR opened by pam: returns its number and head. */
export async function openPlanPullRequest(w: AppWorld, files: Record<string, string> = { [PLAN_PATH]: PLAN }, head = "plan") {
  const { value: pr } = await w.emulator.as("pam").openPullRequest(REPO, { head, title: "Roll out the playlist editor", files });
  await w.emulator.idle();
  return pr;
}

/**
 * A started rollout, as the Action leaves it: the plan PR merged, then the state file committed
 * to the default branch at the first stage.
 */
export async function startRollout(w: AppWorld, state: Partial<RolloutState> = {}): Promise<void> {
  const pr = await openPlanPullRequest(w);
  await w.emulator.as("ada").merge(REPO, pr.number);
  const full: RolloutState = {
    rollout: "playlist-editor",
    trackingIssue: null,
    stage: "internal",
    percent: 0,
    status: "progressing",
    entered: w.emulator.clock.iso(),
    resumeTo: null,
    approvals: [
      { item: "code-review", stage: null, by: "lee", at: w.emulator.clock.iso() },
      { item: "security", stage: null, by: "sam", at: w.emulator.clock.iso() },
    ],
    openAlerts: [],
    history: [{ at: w.emulator.clock.iso(), action: "start", from: null, to: "internal", by: "stagegate", reason: "every sign-off is in" }],
    ...state,
  };
  // As the Action would have written it: through the API, as github-actions[bot].
  w.emulator.commitThroughApi(REPO, { [STATE_PATH]: serializeState(full, null) }, "playlist-editor: start");
  // ... and announced: the issue records the seeded history as announced, or the App's next
  // event would post what this seed never did (core/announcements.ts).
  const issue = trackingIssue(w);
  issue.body = withAnnouncedRecord(issue.body ?? "", announcedEntries(full.history).at(-1)?.key ?? null);
  await w.emulator.idle();
}

export function stateOnMain(w: AppWorld): RolloutState {
  const parsed = parseState(w.emulator.readFile(REPO, STATE_PATH) ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return parsed.value;
}

/** A second App process against the same GitHub: a restart, with nothing remembered in memory. */
export async function anotherAppInstance(w: AppWorld): Promise<{ receive: AppWorld["receive"] }> {
  const probot = emulatedProbot(w.emulator);
  await probot.load(createStagegateApp({ now: () => w.emulator.clock.now(), sleep: () => Promise.resolve() }));
  return { receive: (delivery) => probot.receive({ id: delivery.id, name: delivery.event, payload: delivery.payload } as Parameters<Probot["receive"]>[0]) };
}

/**
 * Gives each test of the file a fresh world with a started rollout (`set` receives it), and
 * closes it after the test.
 */
export function eachWithStartedRollout(set: (world: AppWorld) => void): void {
  let current: AppWorld | undefined;
  beforeEach(async () => {
    current = await startAppWorld();
    await startRollout(current);
    set(current);
  });
  afterEach(async () => {
    await current?.close();
  });
}
