import { describe, expect, it } from "vitest";
import type { CalendarSpec, Duration, Plan, Settings, Stage } from "../../core/model.js";
import { simulate } from "../../core/simulate.js";
import { calendar, DAY, HOUR, freeze, officeWithHolidays } from "./calendar-fixtures.js";

const duration = (text: string): Duration => {
  const match = /^(\d+)([mhdw])( business)?$/.exec(text);
  if (match === null) throw new Error(`bad test duration ${text}`);
  const unit = { m: 60_000, h: HOUR, d: DAY, w: 7 * DAY }[match[2] as "m" | "h" | "d" | "w"];
  return { ms: Number(match[1]) * unit, business: match[3] !== undefined, text };
};
const stage = (name: string, percent: number, bake: string | null): Stage => ({
  name,
  percent,
  audience: null,
  bake: bake === null ? null : duration(bake),
  exit: [],
});

// The seed's plan: internal for a week, beta for two, then 10% → 25% → 50% → 100%.
const seedPlan: Plan = {
  name: "playlist-editor",
  path: ".github/rollouts/playlist-editor.yml",
  description: "Playlist Editor",
  statePath: "config/rollouts/playlist-editor.yml",
  signoff: [
    { id: "code-review", title: "Code review completed", role: "engineering-lead" },
    { id: "security", title: "Security review completed", role: "security-lead" },
    { id: "rollback-plan", title: "Rollback plan validated", role: "operations-lead" },
  ],
  stages: [
    { ...stage("internal", 0, "7d"), audience: "internal", exit: [{ id: "no-critical-bugs", title: "No critical bugs", role: "qa-lead" }] },
    { ...stage("beta", 1, "14d"), audience: "beta" },
    stage("ten", 10, "24h"),
    stage("quarter", 25, "8h business"),
    stage("half", 50, "24h"),
    stage("full", 100, null),
  ],
  gates: [{ name: "error-rate", query: "sum(rate(errors[5m]))", below: 0.001, above: null, noData: "hold", for: null }],
  rollback: { to: { percent: 0 }, when: [{ gate: "error-rate", below: null, above: 0.05, for: duration("1h") }], notify: [] },
  alerts: [],
  notify: [],
};

const settingsWith = (cal: CalendarSpec): Settings => ({
  roles: { "engineering-lead": { users: [], teams: ["acme/eng-leads"] }, "qa-lead": { users: ["quinn"], teams: [] } },
  promoters: { users: [], teams: ["acme/release-managers"] },
  calendar: cal,
  metrics: { prometheus: null },
  dismissStaleSignoffs: false,
});
const newYorkOffice = settingsWith(officeWithHolidays); // mon-fri 09:00-17:00, freeze 2026-12-20/2027-01-04

const enters = (plan: Plan, settings: Settings, start: string): string[][] =>
  simulate(plan, settings, new Date(start)).stages.map((s) => [s.name, String(s.percent), s.enter]);

describe("simulate the seed plan in a New York office with a holiday freeze", () => {
  it("from a Friday afternoon: the 24h stage ends on a Saturday in the freeze, so 25% waits for January", () => {
    const simulation = simulate(seedPlan, newYorkOffice, new Date("2026-11-27T15:30:00-05:00"));
    expect(simulation).toEqual({
      rollout: "playlist-editor",
      stages: [
        { name: "internal", percent: 0, enter: "2026-11-27T20:30:00.000Z" },
        { name: "beta", percent: 1, enter: "2026-12-04T20:30:00.000Z" },
        { name: "ten", percent: 10, enter: "2026-12-18T20:30:00.000Z" },
        { name: "quarter", percent: 25, enter: "2027-01-05T14:00:00.000Z" },
        // 8 business hours from Tuesday 09:00 end at 17:00, closing time: Wednesday morning.
        { name: "half", percent: 50, enter: "2027-01-06T14:00:00.000Z" },
        { name: "full", percent: 100, enter: "2027-01-07T14:00:00.000Z" },
      ],
    });
  });

  it.each([
    [
      "from a Thursday afternoon: the business bake starts before the freeze and finishes after it",
      "2026-11-26T15:00:00-05:00",
      [
        ["internal", "0", "2026-11-26T20:00:00.000Z"],
        ["beta", "1", "2026-12-03T20:00:00.000Z"],
        ["ten", "10", "2026-12-17T20:00:00.000Z"],
        ["quarter", "25", "2026-12-18T20:00:00.000Z"],
        ["half", "50", "2027-01-05T20:00:00.000Z"],
        ["full", "100", "2027-01-06T20:00:00.000Z"],
      ],
    ],
    [
      "from a Friday evening: the first stage waits for Monday morning",
      "2026-11-27T18:00:00-05:00",
      [
        ["internal", "0", "2026-11-30T14:00:00.000Z"],
        ["beta", "1", "2026-12-07T14:00:00.000Z"],
        ["ten", "10", "2027-01-05T14:00:00.000Z"],
        ["quarter", "25", "2027-01-06T14:00:00.000Z"],
        ["half", "50", "2027-01-07T14:00:00.000Z"],
        ["full", "100", "2027-01-08T14:00:00.000Z"],
      ],
    ],
    [
      // A plain bake is elapsed time: 14 days across the fall-back change end at 14:30 EST, not 15:30.
      "from a Friday afternoon in October, across the end of daylight saving",
      "2026-10-23T15:30:00-04:00",
      [
        ["internal", "0", "2026-10-23T19:30:00.000Z"],
        ["beta", "1", "2026-10-30T19:30:00.000Z"],
        ["ten", "10", "2026-11-13T19:30:00.000Z"],
        ["quarter", "25", "2026-11-16T14:00:00.000Z"],
        ["half", "50", "2026-11-17T14:00:00.000Z"],
        ["full", "100", "2026-11-18T14:00:00.000Z"],
      ],
    ],
  ])("%s", (_what, start, expected) => {
    expect(enters(seedPlan, newYorkOffice, start)).toEqual(expected);
  });

  it("without business hours, only the freeze holds stages back", () => {
    const settings = settingsWith(calendar(null, [freeze("2026-12-20T00:00:00-05:00", "2027-01-05T00:00:00-05:00")]));
    expect(enters(seedPlan, settings, "2026-11-27T15:30:00-05:00")).toEqual([
      ["internal", "0", "2026-11-27T20:30:00.000Z"],
      ["beta", "1", "2026-12-04T20:30:00.000Z"],
      ["ten", "10", "2026-12-18T20:30:00.000Z"],
      ["quarter", "25", "2026-12-19T20:30:00.000Z"],
      // "8h business" is then plain time outside freezes: served half an hour before the freeze.
      ["half", "50", "2026-12-20T04:30:00.000Z"],
      ["full", "100", "2027-01-05T05:00:00.000Z"],
    ]);
  });
});

describe("simulate stops, and says why, when a stage can never be entered", () => {
  const start = "2026-11-27T15:30:00-05:00";
  const forever = (from: string) => freeze(from, "2030-01-01T00:00:00Z", "forever");

  it("when the calendar never opens after the start", () => {
    const simulation = simulate(seedPlan, settingsWith(calendar([])), new Date(start));
    expect(simulation.stages).toEqual([]);
    expect(simulation.unreachable).toEqual({
      stage: "internal",
      message: 'Stage "internal" can never be entered: the calendar has no open time within 731 days of the start.',
    });
  });

  it("when a plain bake ends inside a freeze that outlasts the horizon", () => {
    const simulation = simulate(seedPlan, settingsWith(calendar(null, [forever("2026-12-10T00:00:00Z")])), new Date(start));
    expect(simulation.stages.map((s) => s.name)).toEqual(["internal", "beta"]);
    expect(simulation.unreachable).toEqual({
      stage: "ten",
      message:
        'Stage "ten" can never be entered: the calendar has no open time within 731 days after the bake of "beta" ends (2026-12-18T20:30:00.000Z).',
    });
  });

  it("when a business bake can never be served", () => {
    // ten enters on 2026-12-18 20:30Z, its 24h bake ends at 2026-12-19 20:30Z; quarter enters then,
    // and the freeze begins an hour into its 8h business bake.
    const simulation = simulate(seedPlan, settingsWith(calendar(null, [forever("2026-12-19T21:30:00Z")])), new Date(start));
    expect(simulation.stages.map((s) => s.name)).toEqual(["internal", "beta", "ten", "quarter"]);
    expect(simulation.unreachable).toEqual({
      stage: "half",
      message: 'Stage "half" can never be entered: the business bake of "quarter" is never served, because the calendar has no open time within 731 days.',
    });
  });

  it("when the start is not a date", () => {
    expect(simulate(seedPlan, newYorkOffice, new Date("next Friday"))).toEqual({
      rollout: "playlist-editor",
      stages: [],
      unreachable: { stage: "internal", message: "The start time is not a valid date." },
    });
  });
});

it("simulates a plan without stages as an empty timeline", () => {
  expect(simulate({ ...seedPlan, stages: [] }, newYorkOffice, new Date("2026-11-27T15:30:00-05:00"))).toEqual({
    rollout: "playlist-editor",
    stages: [],
  });
});
