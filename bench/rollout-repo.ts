// A repository as a team running several staged releases has it: the seed's settings (roles,
// New York business hours, a year-end freeze), and N rollout plans shaped like the seed's plan
// (sign-off checklist, internal → beta → 10% → 25% → 50% → 100% with bake times, exit items,
// health gates, a rollback rule and an alert), each already started and serving 10%.
import type { RolloutState } from "../core/model.js";
import { serializeState } from "../core/state/serialize-state.js";
import { startEmulator, type RunningEmulator } from "../sandbox/github-emulator/index.js";

export const SETTINGS = `roles:
  engineering-lead: { teams: [acme/eng-leads] }
  product-manager:  { users: [pam] }
  qa-lead:          { users: [quinn, qiu] }
  operations-lead:  { teams: [acme/sre] }
  security-lead:    { users: [sam] }
promoters: { teams: [acme/release-managers] }
calendar:
  timezone: America/New_York
  business-hours: mon-fri 09:00-17:00
  freeze:
    - 2026-12-20/2027-01-04
`;

export function planYaml(name: string): string {
  return `description: ${name}, rolled out as the Playlist Editor was
signoff:
  - { id: code-review, title: Code review completed, role: engineering-lead }
  - { id: security-review, title: Security review completed, role: security-lead }
  - { id: performance-testing, title: Performance testing completed, role: operations-lead }
  - { id: documentation, title: Documentation prepared, role: product-manager }
  - { id: unit-tests, title: Unit tests passing, role: qa-lead }
  - { id: migrations-prepared, title: Database migrations prepared, role: engineering-lead }
stages:
  - name: internal
    percent: 0
    audience: internal
    bake: 7d
    exit:
      - { id: no-critical-bugs, title: No critical bugs, role: qa-lead }
      - { id: analytics-events, title: Analytics events firing correctly, role: product-manager }
  - name: beta
    percent: 1
    audience: beta
    bake: 14d
    exit:
      - { id: beta-feedback, title: Positive user feedback, role: product-manager }
  - { name: ten, percent: 10, bake: 24h }
  - name: quarter
    percent: 25
    bake: 8h business
    exit:
      - { id: quarter-no-data-loss, title: No data loss or corruption at 25%, role: engineering-lead }
  - { name: half, percent: 50, bake: 24h }
  - { name: full, percent: 100, audience: all users }
gates:
  - { name: error-rate, below: 0.01 }
  - { name: save-seconds, below: 2 }
rollback:
  to: 0
  when:
    - { gate: error-rate, above: 0.05 }
  notify: [operations-lead]
alerts:
  - { gate: error-rate, above: 0.02, notify: [operations-lead] }
`;
}

/** Tuesday 2026-12-01 10:00 in New York: inside business hours, far from the freeze. */
export const ENTERED_TEN = "2026-12-01T15:00:00Z";
const HOUR = 3_600_000;
export const at = (hoursAfterEnteringTen: number): string => new Date(Date.parse(ENTERED_TEN) + hoursAfterEnteringTen * HOUR).toISOString().replace(".000Z", "Z");

/** Healthy gate values for the Action's `metrics-values` input; `jitter` moves them a little. */
export function healthyMetrics(jitter = 0): string {
  return JSON.stringify({ "error-rate": 0.001 + jitter / 10_000, "save-seconds": 0.8 + jitter / 100 });
}

export const rolloutName = (i: number): string => `feature-${String(i).padStart(3, "0")}`;

/** Serving 10% since ENTERED_TEN, every sign-off and earlier exit item ticked. */
export function servingTen(name: string): RolloutState {
  const by = { "code-review": "lee", "security-review": "sam", "performance-testing": "omar", documentation: "pam", "unit-tests": "quinn", "migrations-prepared": "lee" };
  return {
    rollout: name,
    trackingIssue: null,
    stage: "ten",
    percent: 10,
    status: "progressing",
    entered: ENTERED_TEN,
    resumeTo: null,
    approvals: [
      ...Object.entries(by).map(([item, login]) => ({ item, stage: null, by: login, at: "2026-11-09T15:00:00Z" })),
      { item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-11-16T15:00:00Z" },
      { item: "analytics-events", stage: "internal", by: "pam", at: "2026-11-16T15:05:00Z" },
      { item: "beta-feedback", stage: "beta", by: "pam", at: "2026-11-30T15:00:00Z" },
    ],
    openAlerts: [],
    history: [
      { at: "2026-11-10T15:00:00Z", action: "start", from: null, to: "internal", by: "stagegate", reason: "every sign-off is in" },
      { at: "2026-11-17T15:00:00Z", action: "promote", from: "internal", to: "beta", by: "stagegate", reason: "bake 7d elapsed, gates passed" },
      { at: ENTERED_TEN, action: "promote", from: "beta", to: "ten", by: "stagegate", reason: "bake 14d elapsed, gates passed" },
    ],
  };
}

export interface RolloutRepo {
  emulator: RunningEmulator;
  repository: string;
  /** The workflow's GITHUB_TOKEN for the repository. */
  token: string;
  names: string[];
  /** What the default branch holds, path → text. */
  files: Record<string, string>;
}

/** A plan whose YAML does not parse: what a bad merge leaves behind. */
export const BROKEN_PLAN = "description: left broken by a bad merge\nstages:\n  - { name: internal, percent: 0\n";

export interface RolloutRepoOptions {
  /** Rollouts (by 1-based position) whose plan is broken. */
  broken?: number[];
  /** The settings file (default SETTINGS) and each plan (default planYaml). */
  settings?: string;
  plan?: (name: string) => string;
}

/** An emulator with acme/releases holding `count` rollouts serving 10%. */
export async function startRolloutRepo(count: number, options: RolloutRepoOptions = {}): Promise<RolloutRepo> {
  const emulator = await startEmulator({ now: at(0) });
  emulator.addTeam("acme", "eng-leads", ["lee"]);
  emulator.addTeam("acme", "sre", ["omar"]);
  emulator.addTeam("acme", "release-managers", ["rel"]);
  const names = Array.from({ length: count }, (_, i) => rolloutName(i + 1));
  const humanFiles: Record<string, string> = { "README.md": "# releases\n", ".github/stagegate.yml": options.settings ?? SETTINGS };
  // State files as stagegate leaves them: committed through the API by the workflow's bot, so the
  // hand-edit check trusts them (a state file pushed by a person would hold its rollout).
  const stateFiles: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    humanFiles[`.github/rollouts/${name}.yml`] = options.broken?.includes(i + 1) ? BROKEN_PLAN : (options.plan ?? planYaml)(name);
    stateFiles[`.github/rollouts/state/${name}.yml`] = serializeState(servingTen(name), null);
  }
  emulator.addRepo("acme", "releases", { files: humanFiles, botFiles: stateFiles });
  const files = { ...humanFiles, ...stateFiles };
  for (const [login, role] of [["pam", "write"], ["quinn", "write"], ["sam", "triage"]] as const) emulator.setRole("acme/releases", login, role);
  emulator.installApp({ account: "acme" });
  return { emulator, repository: "acme/releases", token: emulator.createActionsToken("acme/releases"), names, files };
}
