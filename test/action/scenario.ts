// A repository on the GitHub emulator as the Action meets it: an org with a team, people holding
// roles, settings with business hours (UTC, to keep the arithmetic readable) and a freeze, a
// small plan, and helpers to put a rollout in a given state and to sign off as the App does.
import { Octokit } from "@octokit/rest";
import { parsePlan } from "../../core/parse-plan.js";
import { parseSettings } from "../../core/parse-settings.js";
import type { RolloutState } from "../../core/model.js";
import { serializeState } from "../../core/state/serialize-state.js";
import { writeSignoffRuns } from "../../app/handlers/signoff-checks.js";
import { OctokitGitHubPort } from "../../port/octokit-github-port.js";
import { isWrite, startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { runAction, runActionInProcess, type ActionRun, type RunOptions } from "./harness.js";
import { stateFilesApart } from "../seed-state-files.js";

export const REPO = "acme/player";
export const PLAN_PATH = ".github/rollouts/editor.yml";
export const STATE_PATH = ".github/rollouts/state/editor.yml";

export const SETTINGS_YAML = `roles:
  qa-lead: { users: [quinn] }
  product-manager: { users: [pam] }
  operations-lead: { teams: [acme/sre] }
calendar:
  timezone: UTC
  business-hours: mon-fri 09:00-17:00
  freeze:
    - 2026-12-20/2027-01-04
`;

export const PLAN_YAML = `description: Editor
signoff:
  - { id: code-review, title: Code review completed, role: qa-lead }
  - { id: security, title: Security review completed, role: product-manager }
notify: [product-manager]
stages:
  - { name: internal, percent: 0, bake: 24h }
  - { name: ten, percent: 10, bake: 24h }
  - { name: full, percent: 100 }
gates:
  - { name: error-rate, below: 0.01 }
rollback:
  to: 0
  notify: [operations-lead]
  when:
    - { gate: error-rate, above: 0.05 }
alerts:
  - { gate: error-rate, above: 0.02, notify: [operations-lead] }
`;

/** A rollout in `stage` since `entered`, with the sign-off recorded. */
export function stateAt(stage: "internal" | "ten", entered: string, extra: Partial<RolloutState> = {}): RolloutState {
  const percent = stage === "internal" ? 0 : 10;
  const history: RolloutState["history"] = [{ at: "2026-11-30T14:00:00Z", action: "start", from: null, to: "internal", by: "stagegate", reason: "sign-off complete (2 items)" }];
  if (stage === "ten") history.push({ at: entered, action: "promote", from: "internal", to: "ten", by: "stagegate", reason: "bake 24h elapsed, gates passed" });
  return {
    rollout: "editor",
    trackingIssue: null,
    stage,
    percent,
    status: "progressing",
    entered,
    resumeTo: null,
    approvals: [
      { item: "code-review", stage: null, by: "quinn", at: "2026-11-30T13:00:00Z" },
      { item: "security", stage: null, by: "pam", at: "2026-11-30T13:30:00Z" },
    ],
    openAlerts: [],
    history,
    ...extra,
  };
}

export function stateYaml(state: RolloutState): string {
  return serializeState(state, null);
}

export interface Scenario {
  emulator: RunningEmulator;
  /** The workflow's GITHUB_TOKEN. */
  token: string;
  /** The App's installation token (to write sign-off check runs as the App does). */
  appToken: string;
  /** `apiUrl` defaults to the emulator's (a test may put a TLS front or a proxy before it). */
  run(options: Omit<RunOptions, "apiUrl" | "repository" | "token"> & { apiUrl?: string }): Promise<ActionRun>;
  /** The state file on the default branch, or null. */
  state(): string | null;
  close(): Promise<void>;
}

export interface ScenarioOptions {
  /** Extra files on main (a state file, another plan). */
  files?: Record<string, string>;
  /** Put the plan on main from the start (false: it arrives through a pull request). */
  plan?: boolean;
  now?: string;
  /** Run the built bundle in child processes (runs at once need them); default: the source, in this process. */
  bundle?: boolean;
}

/** Starts an emulator holding the repository with the settings (and the plan) on main. */
export async function scenario(options: ScenarioOptions = {}): Promise<Scenario> {
  // The fixtures must be valid, or every test below would fail for the wrong reason.
  const settings = parseSettings(SETTINGS_YAML, ".github/stagegate.yml");
  if (!settings.ok || !parsePlan(PLAN_YAML, PLAN_PATH, settings.value).ok) throw new Error("test fixtures do not parse");

  const emulator = await startEmulator({ now: options.now ?? "2026-11-30T14:00:00Z" });
  emulator.addTeam("acme", "sre", ["olivia"]);
  for (const login of ["quinn", "pam"]) emulator.addUser(login);
  const plan: Record<string, string> = options.plan === false ? {} : { [PLAN_PATH]: PLAN_YAML };
  emulator.addRepo("acme", "player", stateFilesApart({ "README.md": "# player\n", ".github/stagegate.yml": SETTINGS_YAML, ...plan, ...options.files }));
  emulator.setRole(REPO, "pam", "write");
  const installation = emulator.installApp({ account: "acme" });
  const token = emulator.createActionsToken(REPO);
  const appToken = emulator.createInstallationToken(installation.id);
  return {
    emulator,
    token,
    appToken,
    // Extra process variables (a proxy, extra CA certificates) need a process of their own.
    run: (run) => (options.bundle || run.env !== undefined ? runAction : runActionInProcess)({ apiUrl: emulator.baseUrl, ...run, repository: REPO, token }),
    state: () => emulator.readFile(REPO, STATE_PATH),
    close: () => emulator.close(),
  };
}

/**
 * Writes the sign-off check runs on `headSha` with the App's own code, as the App does once the
 * right people ticked: `signed` items complete, the others stay pending. `as: "workflow"` posts
 * the very same runs with the workflow's token instead, under the GitHub Actions app.
 */
export async function signOff(s: Scenario, headSha: string, signed: Array<{ id: string; by: string; at: string }>, as: "app" | "workflow" = "app"): Promise<void> {
  const settings = parseSettings(SETTINGS_YAML, ".github/stagegate.yml");
  const plan = settings.ok ? parsePlan(PLAN_YAML, PLAN_PATH, settings.value) : null;
  if (!settings.ok || !plan?.ok) throw new Error("test fixtures do not parse");
  const octokit = new Octokit({ auth: as === "app" ? s.appToken : s.token, baseUrl: s.emulator.baseUrl, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const port = new OctokitGitHubPort(octokit, { owner: "acme", repo: "player" });
  const approvals = new Map(signed.map((a) => [a.id, { item: a.id, stage: null, by: a.by, at: a.at }]));
  await writeSignoffRuns(port, { plan: plan.value, settings: settings.value, headSha, appId: as === "app" ? s.emulator.app.id : 15368 }, approvals, await port.listCheckRuns(headSha));
}

/** Requests that changed something on GitHub (anything but GET/HEAD and GraphQL queries). */
export function writes(s: Scenario): string[] {
  return s.emulator.requests
    .all()
    .filter(isWrite)
    .map((r) => `${r.method} ${r.route ?? r.url}`);
}
