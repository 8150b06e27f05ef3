// A small world to run the engine in: the seed's rollout as a Plan, the SPEC's settings, and
// helpers for states and metric facts. Built directly, no parsing, so engine tests stand alone.
import type { EngineContext } from "../../../core/engine/context.js";
import type { Approval, Duration, Facts, Gate, MetricObservation, Plan, RolloutState, Sample, Settings, Stage } from "../../../core/model.js";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export const at = (iso: string): number => Date.parse(iso);
export const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

/** Monday 2026-12-07 10:00 in New York (EST, UTC-5): inside business hours, before the freeze. */
export const MONDAY_10AM = at("2026-12-07T15:00:00Z");

export function dur(text: string): Duration {
  const m = /^(\d+)([mhdw])( business)?$/.exec(text);
  if (m === null) throw new Error(`bad duration in a test: ${text}`);
  const unit = { m: MIN, h: HOUR, d: DAY, w: 7 * DAY }[m[2] as "m" | "h" | "d" | "w"];
  return { ms: Number(m[1]) * unit, business: m[3] !== undefined, text };
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    roles: {
      "engineering-lead": { users: [], teams: ["acme/eng-leads"] },
      "product-manager": { users: ["pam"], teams: [] },
      "qa-lead": { users: ["quinn", "qiu"], teams: [] },
      "operations-lead": { users: [], teams: ["acme/sre"] },
      "security-lead": { users: ["sam"], teams: [] },
    },
    promoters: { users: [], teams: ["acme/release-managers"] },
    calendar: {
      timezone: "America/New_York",
      businessHours: [{ days: [1, 2, 3, 4, 5], start: 9 * 60, end: 17 * 60, text: "mon-fri 09:00-17:00" }],
      // 2026-12-20/2027-01-04, both dates whole in New York (EST).
      freezes: [{ start: at("2026-12-20T05:00:00Z"), end: at("2027-01-05T05:00:00Z"), text: "2026-12-20/2027-01-04" }],
    },
    metrics: { prometheus: { url: "https://prometheus.internal.example" } },
    dismissStaleSignoffs: false,
    ...overrides,
  };
}

function stage(name: string, percent: number, bake: string | null, exit: Stage["exit"] = []): Stage {
  return { name, percent, audience: null, bake: bake === null ? null : dur(bake), exit };
}

export function gate(name: string, below: number, extra: Partial<Gate> = {}): Gate {
  return { name, query: `query(${name})`, below, above: null, noData: "hold", for: null, ...extra };
}

export function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    name: "playlist-editor",
    path: ".github/rollouts/playlist-editor.yml",
    description: "Playlist Editor",
    statePath: ".github/rollouts/state/playlist-editor.yml",
    signoff: [
      { id: "code-review", title: "Code review completed", role: "engineering-lead" },
      { id: "security", title: "Security review completed", role: "security-lead" },
    ],
    stages: [
      stage("internal", 0, "7d", [{ id: "no-critical-bugs", title: "No critical bugs", role: "qa-lead" }]),
      stage("beta", 1, "14d"),
      stage("ten", 10, "24h"),
      stage("quarter", 25, "8h business"),
      stage("half", 50, "24h"),
      stage("full", 100, null),
    ],
    gates: [gate("error-rate", 0.001), gate("save-p95-seconds", 2)],
    rollback: { to: { percent: 0 }, when: [{ gate: "error-rate", above: 0.05, below: null, for: dur("1h") }], notify: ["operations-lead"] },
    alerts: [{ gate: "error-rate", above: 0.01, below: null, for: null, notify: ["operations-lead"] }],
    notify: ["product-manager"],
    ...overrides,
  };
}

export const SIGNED_OFF: Approval[] = [
  { item: "code-review", stage: null, by: "erin", at: "2026-11-30T15:00:00Z" },
  { item: "security", stage: null, by: "sam", at: "2026-11-30T15:05:00Z" },
];
export const INTERNAL_EXIT: Approval = { item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-11-30T16:02:11Z" };

/** A started rollout in `stageName`, entered at `entered`, signed off and with internal's exit ticked. */
export function state(stageName: string, entered: number, overrides: Partial<RolloutState> = {}): RolloutState {
  const p = plan();
  const s = p.stages.find((x) => x.name === stageName);
  return {
    rollout: "playlist-editor",
    trackingIssue: null,
    stage: stageName,
    percent: s?.percent ?? 0,
    status: "progressing",
    entered: iso(entered),
    resumeTo: null,
    approvals: [...SIGNED_OFF, INTERNAL_EXIT],
    openAlerts: [],
    history: [],
    ...overrides,
  };
}

/** Samples every `step` over [now - window, now], valued by `value(at)`. */
export function series(now: number, windowMs: number, value: (t: number) => number | null, step = MIN): Sample[] {
  const out: Sample[] = [];
  for (let t = now - windowMs; t <= now; t += step) out.push({ at: t, value: value(t) });
  return out;
}

export const instant = (now: number, value: number | null): MetricObservation => ({ samples: [{ at: now, value }], error: null });
export const window = (samples: Sample[]): MetricObservation => ({ samples, error: null });
export const providerError = (message = "connect ECONNREFUSED 10.0.0.1:9090"): MetricObservation => ({ samples: [], error: message });

/** Every gate healthy, no rule or alert holding. */
export function healthy(now: number): Facts {
  return {
    metrics: {
      "error-rate": instant(now, 0.0002),
      "save-p95-seconds": instant(now, 1.2),
      "error-rate@1h": window(series(now, HOUR, () => 0.0002)),
    },
  };
}

export function withMetrics(facts: Facts, metrics: Record<string, MetricObservation>): Facts {
  return { metrics: { ...facts.metrics, ...metrics } };
}

export function ctx(s: RolloutState, now: number, overrides: Partial<EngineContext> = {}): EngineContext {
  return { settings: settings(), plan: plan(), state: s, facts: healthy(now), now: new Date(now), ...overrides };
}
