// A plan, settings and state in the seed's shape (internal → beta → ten → quarter → half → full),
// built directly so the renderer's tests do not depend on the YAML parsers.
import type { Eligibility } from "../../../core/decisions.js";
import type { Plan, RolloutState, Settings, Stage } from "../../../core/model.js";
import type { TrackingIssueView } from "../../../core/tracking-issue/view.js";

const HOUR = 3_600_000;

function stage(name: string, percent: number, bakeHours: number | null, exit: Stage["exit"] = [], audience: string | null = null): Stage {
  return { name, percent, audience, bake: bakeHours === null ? null : { ms: bakeHours * HOUR, business: false, text: `${bakeHours}h` }, exit };
}

export function settings(): Settings {
  return {
    roles: { "qa-lead": { users: ["quinn"], teams: [] }, "security-lead": { users: ["sam"], teams: [] }, "engineering-lead": { users: [], teams: ["acme/eng-leads"] } },
    promoters: { users: [], teams: [] },
    calendar: { timezone: "UTC", businessHours: null, freezes: [] },
    metrics: { prometheus: null },
    dismissStaleSignoffs: false,
  };
}

export function plan(): Plan {
  return {
    name: "playlist-editor",
    path: ".github/rollouts/playlist-editor.yml",
    description: "Playlist Editor",
    statePath: "config/rollouts/playlist-editor.yml",
    signoff: [
      { id: "code-review", title: "Code review completed", role: "engineering-lead" },
      { id: "security", title: "Security review completed", role: "security-lead" },
    ],
    stages: [
      stage("internal", 0, 168, [{ id: "no-critical-bugs", title: "No critical bugs", role: "qa-lead" }], "internal"),
      stage("beta", 1, 336, [{ id: "feedback", title: "Positive user feedback (NPS > 70)", role: "qa-lead" }], "beta"),
      stage("ten", 10, 24),
      stage("quarter", 25, 8),
      stage("half", 50, 24),
      stage("full", 100, null),
    ],
    gates: [
      { name: "error-rate", query: "sum(rate(errors[5m]))", below: 0.001, above: null, noData: "hold", for: null },
      { name: "save-p95-seconds", query: "p95", below: 2, above: null, noData: "hold", for: { ms: HOUR, business: false, text: "1h" } },
    ],
    rollback: { to: { percent: 0 }, when: [], notify: [] },
    alerts: [],
    notify: [],
  };
}

export function stateAtQuarter(): RolloutState {
  return {
    rollout: "playlist-editor",
    trackingIssue: null,
    stage: "quarter",
    percent: 25,
    status: "progressing",
    entered: "2026-12-03T14:00:00Z",
    resumeTo: null,
    approvals: [
      { item: "code-review", stage: null, by: "quinn", at: "2026-11-01T12:00:00Z" },
      { item: "security", stage: null, by: "sam", at: "2026-11-01T13:00:00Z" },
      { item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-11-30T16:02:11Z" },
    ],
    openAlerts: [],
    history: [
      { at: "2026-11-02T15:00:00Z", action: "start", from: null, to: "internal", by: "stagegate", reason: "signed off" },
      { at: "2026-11-09T15:00:00Z", action: "promote", from: "internal", to: "beta", by: "stagegate", reason: "bake 168h elapsed, gates passed" },
      { at: "2026-11-20T10:00:00Z", action: "pause", from: null, to: null, by: "pam", reason: "support tickets @acme/sre <b>look</b>" },
      { at: "2026-11-21T10:00:00Z", action: "resume", from: null, to: null, by: "pam", reason: "" },
      { at: "2026-12-02T14:00:00Z", action: "force-promote", from: "beta", to: "ten", by: "pam", reason: "provider down" },
      { at: "2026-12-03T14:00:00Z", action: "promote", from: "ten", to: "quarter", by: "stagegate", reason: "bake 24h elapsed, gates passed" },
    ],
  };
}

export function eligibilityAtQuarter(): Eligibility {
  return {
    eligible: false,
    next: { name: "half", percent: 50 },
    blockers: [
      { kind: "bake", until: "2026-12-03T22:00:00Z", remainingMs: 3 * HOUR + 12 * 60_000, business: false, message: "bake: 3h 12m left (until 2026-12-03 22:00 UTC)" },
      {
        kind: "gate",
        judgement: { gate: "error-rate", status: "fail", blocks: true, value: 0.0042, threshold: "< 0.001", window: null, message: "error-rate is 0.0042, needs < 0.001" },
        message: "error-rate is 0.0042, needs < 0.001",
      },
    ],
    earliest: "2026-12-03T22:00:00Z",
    gates: [
      { gate: "error-rate", status: "fail", blocks: true, value: 0.0042, threshold: "< 0.001", window: null, message: "error-rate is 0.0042, needs < 0.001" },
      { gate: "save-p95-seconds", status: "pass", blocks: false, value: 1.23456, threshold: "< 2", window: "1h", message: "ok" },
    ],
  };
}

export function viewAtQuarter(): TrackingIssueView {
  return { plan: plan(), settings: settings(), state: stateAtQuarter(), signoffs: [], eligibility: eligibilityAtQuarter(), now: new Date("2026-12-03T18:48:00Z"), repoUrl: "https://github.com/acme/app" };
}
