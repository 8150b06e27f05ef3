// The App as it runs in production, for the bench: a real HTTP server (app/server.ts) receiving
// the emulator's signed webhooks for the bench repository (the seed's settings and a plan shaped
// like the seed's), with Probot's rate limiter off (the emulator has no limits to respect, and
// the limiter's pauses would only slow the bench down) and healthy gate values supplied.
import { createStagegateApp } from "../app/index.js";
import { startAppServer, type AppServer } from "../app/server.js";
import type { RolloutState } from "../core/model.js";
import { parseState } from "../core/state/parse-state.js";
import { serializeState } from "../core/state/serialize-state.js";
import { createSuppliedValuesProvider, parseSuppliedValues } from "../metrics/supplied-values.js";
import { startEmulator, type RunningEmulator } from "../sandbox/github-emulator/index.js";
import { emulatedProbot } from "../sandbox/github-emulator/probot.js";
import { healthyMetrics, planYaml, SETTINGS } from "./rollout-repo.js";

export const REPO = "acme/releases";
export const ROLLOUT = "playlist-editor";
export const PLAN_PATH = `.github/rollouts/${ROLLOUT}.yml`;
export const STATE_PATH = `.github/rollouts/state/${ROLLOUT}.yml`;

export interface AppWorld {
  emulator: RunningEmulator;
  server: AppServer;
  close(): Promise<void>;
}

/** Tuesday 2026-12-01, 10:00 in New York: inside business hours. */
export const START = "2026-12-01T15:00:00Z";

/** The emulator with the bench repository and its people, the App installed on it. */
export async function startBenchEmulator(settings = SETTINGS): Promise<RunningEmulator> {
  const emulator = await startEmulator({ now: START });
  emulator.addTeam("acme", "eng-leads", ["lee"]);
  emulator.addTeam("acme", "sre", ["omar"]);
  emulator.addTeam("acme", "release-managers", ["rel"]);
  emulator.addRepo("acme", "releases", { files: { "README.md": "# releases\n", ".github/stagegate.yml": settings } });
  for (const [login, role] of [["ada", "admin"], ["pam", "write"], ["quinn", "write"], ["sam", "triage"], ["lee", "triage"], ["omar", "triage"], ["tara", "triage"]] as const) emulator.setRole(REPO, login, role);
  emulator.installApp({ account: "acme" });
  return emulator;
}

export async function startBenchApp(): Promise<AppWorld> {
  const emulator = await startBenchEmulator();
  const supplied = parseSuppliedValues(healthyMetrics());
  if (!supplied.ok) throw new Error("the bench's gate values do not parse");
  const probot = emulatedProbot(emulator);
  const app = createStagegateApp({ now: () => emulator.clock.now(), sleep: () => Promise.resolve(), metrics: () => createSuppliedValuesProvider(supplied.value) });
  const server = await startAppServer({ probot, app, sleep: () => Promise.resolve() });
  emulator.webhooks.settleWith(() => server.idle());
  emulator.setWebhookUrl(server.webhookUrl);
  return {
    emulator,
    server,
    close: async () => {
      await emulator.idle();
      await server.close();
      await emulator.close();
    },
  };
}

export function trackingIssueNumber(w: Pick<AppWorld, "emulator">): number {
  const issue = [...w.emulator.repo(REPO).issues.values()].find((i) => !i.isPullRequest && i.title === `Rollout: ${ROLLOUT}`);
  if (!issue) throw new Error("the App opened no tracking issue");
  return issue.number;
}

export function stateOnMain(w: Pick<AppWorld, "emulator">): RolloutState {
  const parsed = parseState(w.emulator.readFile(REPO, STATE_PATH) ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return parsed.value;
}

export async function openPlanPullRequest(w: Pick<AppWorld, "emulator">) {
  const { value: pr } = await w.emulator.as("pam").openPullRequest(REPO, { head: "plan", title: "Roll out the playlist editor", files: { [PLAN_PATH]: planYaml(ROLLOUT) } });
  await w.emulator.idle();
  return pr;
}

/** The plan merged and the rollout started at `internal`, as the Action leaves it. */
export async function startRollout(w: Pick<AppWorld, "emulator">, pr: number): Promise<void> {
  await w.emulator.as("ada").merge(REPO, pr);
  const now = w.emulator.clock.iso();
  const signed = ["code-review", "security-review", "performance-testing", "documentation", "unit-tests", "migrations-prepared"];
  const state: RolloutState = {
    rollout: ROLLOUT,
    trackingIssue: null,
    stage: "internal",
    percent: 0,
    status: "progressing",
    entered: now,
    resumeTo: null,
    approvals: signed.map((item) => ({ item, stage: null, by: "pam", at: now })),
    openAlerts: [],
    history: [{ at: now, action: "start", from: null, to: "internal", by: "stagegate", reason: "every sign-off is in" }],
  };
  // As the Action writes it: through the API, as the workflow's bot. A state file pushed by a
  // person is a hand edit, which holds the rollout.
  w.emulator.commitThroughApi(REPO, { [STATE_PATH]: serializeState(state, null) }, `${ROLLOUT}: start`);
  await w.emulator.idle();
}
