// Plan, settings and state objects for the Action's unit tests, built directly (no YAML), in the
// seed's shape: internal → beta → ten → quarter → half → full.
import type { Plan, RolloutState, Settings, Stage } from "../../core/model.js";

const HOUR = 3_600_000;

function stage(name: string, percent: number, bakeHours: number | null): Stage {
  return { name, percent, audience: null, bake: bakeHours === null ? null : { ms: bakeHours * HOUR, business: false, text: `${bakeHours}h` }, exit: [] };
}

export function settings(): Settings {
  return {
    roles: { "qa-lead": { users: ["quinn"], teams: [] }, "operations-lead": { users: [], teams: ["acme/sre"] } },
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
    statePath: ".github/rollouts/state/playlist-editor.yml",
    signoff: [{ id: "code-review", title: "Code review completed", role: "qa-lead" }],
    stages: [stage("internal", 0, 168), stage("beta", 1, 336), stage("ten", 10, 24), stage("quarter", 25, 24), stage("half", 50, 24), stage("full", 100, null)],
    gates: [{ name: "error-rate", query: null, below: 0.01, above: null, noData: "hold", for: null }],
    rollback: { to: { percent: 0 }, when: [{ gate: "error-rate", above: 0.05, below: null, for: null }], notify: ["operations-lead"] },
    alerts: [],
    notify: ["qa-lead"],
  };
}

/** A rollout that started on 2026-11-01 and was promoted to `ten` on 2026-11-22. */
export function stateAtTen(): RolloutState {
  return {
    rollout: "playlist-editor",
    trackingIssue: null,
    stage: "ten",
    percent: 10,
    status: "progressing",
    entered: "2026-11-22T15:00:00Z",
    resumeTo: null,
    approvals: [{ item: "code-review", stage: null, by: "quinn", at: "2026-10-31T12:00:00Z" }],
    openAlerts: [],
    history: [
      { at: "2026-11-01T15:00:00Z", action: "start", from: null, to: "internal", by: "stagegate", reason: "signed off" },
      { at: "2026-11-08T15:00:00Z", action: "promote", from: "internal", to: "beta", by: "stagegate", reason: "bake 168h elapsed" },
      { at: "2026-11-22T15:00:00Z", action: "promote", from: "beta", to: "ten", by: "stagegate", reason: "bake 336h elapsed" },
    ],
  };
}
