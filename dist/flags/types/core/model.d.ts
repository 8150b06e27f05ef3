/** A duration from a plan: `30m`, `24h`, `7d`, `2w`, optionally followed by `business`. */
export interface Duration {
    /** Length in milliseconds. */
    ms: number;
    /** Counts only business hours outside freezes (a trailing `business`). */
    business: boolean;
    /** The text as written, for messages. */
    text: string;
}
/** Who holds a role: GitHub logins and teams written as `org/team-slug`. */
export interface Principals {
    users: string[];
    teams: string[];
}
/** `mon-fri 09:00-17:00`: weekdays 1 (Monday) … 7 (Sunday), minutes since local midnight. */
export interface BusinessHours {
    days: number[];
    /** Inclusive start, minutes after local midnight. */
    start: number;
    /** Exclusive end, minutes after local midnight (1440 means midnight at the end of the day). */
    end: number;
    /** The text as written, for messages. */
    text: string;
}
/**
 * A freeze window. `2026-12-20/2027-01-04` covers both dates whole in the calendar's timezone;
 * ISO date-times are exact bounds. Both bounds are resolved to instants when the settings are
 * parsed, so the engine never re-interprets text.
 */
export interface Freeze {
    /** First instant inside the freeze (epoch ms). */
    start: number;
    /** First instant after the freeze (epoch ms, exclusive). */
    end: number;
    /** The text as written, for messages. */
    text: string;
}
export interface CalendarSpec {
    /** IANA time zone, e.g. `America/New_York`. Defaults to `UTC`. */
    timezone: string;
    /** Absent: every instant outside a freeze is open. */
    businessHours: BusinessHours[] | null;
    freezes: Freeze[];
}
export interface PrometheusSettings {
    url: string;
}
export interface Settings {
    roles: Record<string, Principals>;
    /** May `/promote --force`. Repository admins always may. */
    promoters: Principals;
    calendar: CalendarSpec;
    metrics: {
        prometheus: PrometheusSettings | null;
    };
    /** New pushes to a plan PR reset its sign-off checks when true. */
    dismissStaleSignoffs: boolean;
}
/** One box to tick: a sign-off item or a stage exit item. */
export interface ChecklistItem {
    id: string;
    title: string;
    /** A role defined in the settings. */
    role: string;
}
export interface Stage {
    name: string;
    percent: number;
    audience: string | null;
    /** Minimum time spent in the stage before promotion; null means none. */
    bake: Duration | null;
    exit: ChecklistItem[];
}
export type NoData = "hold" | "fail" | "pass";
/** A condition on a metric: exactly one of `below` and `above` is set. */
export interface Threshold {
    below: number | null;
    above: number | null;
}
export interface Gate extends Threshold {
    name: string;
    /** PromQL (or any query the configured provider understands); null when values are supplied. */
    query: string | null;
    /** What a gate with no data means for promotion. */
    noData: NoData;
    /** The condition must have held over this whole window. */
    for: Duration | null;
}
export interface RollbackRule extends Threshold {
    gate: string;
    /** The breach must have held over this whole window before rolling back. */
    for: Duration | null;
}
export interface AlertRule extends Threshold {
    gate: string;
    for: Duration | null;
    /** Roles to mention. */
    notify: string[];
}
export interface Plan {
    /** The file name without `.yml`: `.github/rollouts/<name>.yml`. */
    name: string;
    /** Path of the plan file in the repository. */
    path: string;
    description: string | null;
    /** The committed state file the application reads. */
    statePath: string;
    /** When set, a flagd flag-definition file is committed beside the state (docs/flags.md). */
    flagd?: {
        path: string;
        audienceAttribute: string;
    } | null;
    signoff: ChecklistItem[];
    stages: Stage[];
    gates: Gate[];
    rollback: {
        /** Target on rollback: a stage name or a percent. */
        to: {
            stage: string;
        } | {
            percent: number;
        };
        when: RollbackRule[];
        /** Roles mentioned on every rollback. */
        notify: string[];
    };
    alerts: AlertRule[];
    /** Roles mentioned on every promotion. */
    notify: string[];
}
export type Status = "awaiting-signoff" | "progressing" | "paused" | "rolled-back" | "complete";
/** A verified tick. `stage` is null for sign-off items. Times are ISO-8601 UTC strings. */
export interface Approval {
    item: string;
    stage: string | null;
    by: string;
    at: string;
}
export type HistoryAction = "start" | "promote" | "force-promote" | "rollback" | "pause" | "resume" | "complete" | "approve" | "withdraw" | "alert" | "alert-resolved";
export interface HistoryEntry {
    at: string;
    action: HistoryAction;
    from: string | null;
    to: string | null;
    by: string;
    reason: string;
}
/** An alert rule currently firing: notified once when it starts, once when it ends. */
export interface OpenAlert {
    /** Index of the rule in `plan.alerts`, with its gate name for readability. */
    alert: number;
    gate: string;
    since: string;
}
/** The state file, the single source of truth of a rollout. */
export interface RolloutState {
    rollout: string;
    /**
     * The rollout's tracking issue, once stagegate knows it: found again by this number whatever
     * happened to its title, body or marker. null until recorded (the file key is optional).
     */
    trackingIssue: number | null;
    stage: string;
    percent: number;
    status: Status;
    /** When the current stage was entered (bake timers start here). ISO-8601 UTC. */
    entered: string;
    /** While paused: the status to return to on `/resume`. */
    resumeTo: Status | null;
    approvals: Approval[];
    openAlerts: OpenAlert[];
    history: HistoryEntry[];
}
/** One metric sample. `value` NaN is stored as null. */
export interface Sample {
    at: number;
    value: number | null;
}
/**
 * What a metrics provider observed for one query. The core asks for these with
 * `metricRequests(plan)`; the Action fetches them; the core judges them.
 */
export interface MetricObservation {
    /** Instant value at `now`, or samples across a window (for `for:` conditions). */
    samples: Sample[];
    /** The provider could not answer (down, timeout, bad query): never a pass, never a rollback. */
    error: string | null;
}
export interface Facts {
    /** Observations keyed by `MetricRequest.key`. A missing key means "not evaluated". */
    metrics: Record<string, MetricObservation>;
}
export declare const NO_FACTS: Facts;
