import { describe, expect, it } from "vitest";
import type { Settings } from "../../core/model.js";
import { defaultStatePath, parsePlan, planName } from "../../core/parse-plan.js";
import { parseSettings } from "../../core/parse-settings.js";
import { formatProblem } from "../../core/result.js";

const FILE = ".github/rollouts/checkout.yml";

function settings(): Settings {
  const result = parseSettings("roles:\n  eng: { users: [erin] }\n  qa: { users: [quinn] }\n  ops: { teams: [acme/sre] }\n", ".github/stagegate.yml");
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.value;
}

/** The problems of a plan, as the CLI prints them. */
function problems(lines: string[], withSettings: Settings | null = settings()): string[] {
  const result = parsePlan(lines.join("\n") + "\n", FILE, withSettings);
  return result.ok ? [] : result.problems.map(formatProblem);
}

function parsed(lines: string[]) {
  const result = parsePlan(lines.join("\n") + "\n", FILE, settings());
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.value;
}

const MINIMAL = ["stages:", "  - { name: full, percent: 100 }"];

describe("parsePlan: a valid plan", () => {
  it("becomes the domain Plan, with durations, thresholds and rollback resolved", () => {
    const plan = parsed([
      "description: Checkout v2",
      "state: config/rollouts/checkout.yml",
      "signoff:",
      "  - { id: code-review, title: Code review completed, role: eng }",
      "stages:",
      "  - name: internal",
      "    percent: 0",
      "    audience: internal",
      "    bake: 7d",
      "    exit:",
      "      - { id: no-critical-bugs, title: No critical bugs, role: qa }",
      "  - { name: quarter, percent: 25, bake: 8h business }",
      "  - { name: full, percent: 100 }",
      "gates:",
      "  - { name: error-rate, query: 'sum(rate(errors[5m]))', below: 0.001, for: 30m }",
      "  - { name: latency, above: 0, no-data: pass }",
      "rollback:",
      "  to: internal",
      "  when:",
      "    - { gate: error-rate, above: 0.05, for: 1h }",
      "  notify: [ops]",
      "alerts:",
      "  - { gate: error-rate, above: 0.01, notify: [ops, eng] }",
      "notify: [eng]",
    ]);
    expect(plan).toEqual({
      name: "checkout",
      path: FILE,
      description: "Checkout v2",
      statePath: "config/rollouts/checkout.yml",
      signoff: [{ id: "code-review", title: "Code review completed", role: "eng" }],
      stages: [
        {
          name: "internal",
          percent: 0,
          audience: "internal",
          bake: { ms: 7 * 24 * 3_600_000, business: false, text: "7d" },
          exit: [{ id: "no-critical-bugs", title: "No critical bugs", role: "qa" }],
        },
        { name: "quarter", percent: 25, audience: null, bake: { ms: 8 * 3_600_000, business: true, text: "8h business" }, exit: [] },
        { name: "full", percent: 100, audience: null, bake: null, exit: [] },
      ],
      gates: [
        { name: "error-rate", query: "sum(rate(errors[5m]))", below: 0.001, above: null, noData: "hold", for: { ms: 1_800_000, business: false, text: "30m" } },
        { name: "latency", query: null, below: null, above: 0, noData: "pass", for: null },
      ],
      rollback: {
        to: { stage: "internal" },
        when: [{ gate: "error-rate", below: null, above: 0.05, for: { ms: 3_600_000, business: false, text: "1h" } }],
        notify: ["ops"],
      },
      alerts: [{ gate: "error-rate", below: null, above: 0.01, for: null, notify: ["ops", "eng"] }],
      notify: ["eng"],
    });
  });

  it("fills in defaults: name from the file, state path, rollback to 0, empty lists", () => {
    expect(parsed(MINIMAL)).toEqual({
      name: "checkout",
      path: FILE,
      description: null,
      statePath: ".github/rollouts/state/checkout.yml",
      signoff: [],
      stages: [{ name: "full", percent: 100, audience: null, bake: null, exit: [] }],
      gates: [],
      rollback: { to: { percent: 0 }, when: [], notify: [] },
      alerts: [],
      notify: [],
    });
  });

  it("reads a percent as the rollback target, and equal percentages in a row", () => {
    const plan = parsed(["stages:", "  - { name: a, percent: 5 }", "  - { name: b, percent: 5 }", "rollback: { to: 2.5 }"]);
    expect(plan.rollback.to).toEqual({ percent: 2.5 });
  });

  it("does not check roles without settings", () => {
    expect(problems(["signoff: [{ id: x, title: X, role: anyone }]", ...MINIMAL], null)).toEqual([]);
  });

  it("names the rollout after its file, whatever the folder", () => {
    expect(planName(".github/rollouts/playlist-editor.yml")).toBe("playlist-editor");
    expect(planName("C:\\repo\\.github\\rollouts\\a.yaml")).toBe("a");
    expect(defaultStatePath("a")).toBe(".github/rollouts/state/a.yml");
  });
});

describe("parsePlan: every problem, located", () => {
  it.each<[string, string[], string]>([
    ["an empty file", [""], "1:1: the plan is empty: a rollout plan needs at least stages:"],
    ["a file of comments", ["# nothing yet"], "1:1: the plan is empty"],
    ["a list instead of a mapping", ["- stages"], "1:1: expected a mapping, got a list"],
    ["an unknown top-level key", ["stage: []", ...MINIMAL], '1:1: unknown key "stage" (did you mean "stages"?); allowed keys: description, state, signoff, stages, gates, rollback, alerts, notify, flagd'],
    ["an unknown stage key", ["stages:", "  - { name: a, percent: 1, bak: 7d }"], '2:28: stages[0]: unknown key "bak" (did you mean "bake"?); allowed keys: name, percent, audience, bake, exit'],
    ["missing stages", ["description: x"], '1:1: missing required key "stages"'],
    ["an empty stage list", ["stages: []"], "1:9: stages: a plan needs at least one stage"],
    ["a missing percent, on the stage", ["stages:", "  - name: a", "    bake: 1d"], '2:5: stages[0]: missing required key "percent"'],
    ["a missing key in a nested mapping, on its key", ["rollback:", "  when:", "    - { above: 1 }", ...MINIMAL], '3:7: rollback.when[0]: missing required key "gate"'],
    ["a wrong type", ["stages:", "  - { name: a, percent: ten }"], '2:25: stages[0].percent: expected a number, got text "ten"'],
    ["an empty value, on its key", ["description:", ...MINIMAL], "1:1: description: expected text, got nothing"],
    ["a percent above 100", ["stages:", "  - { name: a, percent: 120 }"], "2:25: stages[0].percent: must be at most 100, got the number 120"],
    ["a negative percent", ["stages:", "  - { name: a, percent: -1 }"], "2:25: stages[0].percent: must be at least 0, got the number -1"],
    [
      "a percent lower than the previous stage",
      ["stages:", "  - { name: a, percent: 10 }", "  - { name: b, percent: 5 }"],
      '3:25: stages[1].percent: 5 is lower than 10 in the previous stage "a": percentages never decrease from one stage to the next',
    ],
    ["a duplicate stage name", ["stages:", "  - { name: a, percent: 1 }", "  - { name: a, percent: 2 }"], '3:13: stages[1].name: duplicate stage name "a": already used at line 2'],
    [
      "a duplicate item id across sign-off and exit lists",
      ["signoff:", "  - { id: review, title: Review, role: eng }", "stages:", "  - name: a", "    percent: 1", "    exit:", "      - { id: review, title: Again, role: qa }"],
      '7:15: stages[0].exit[0].id: duplicate id "review": already used at line 2 (ids must be unique across the sign-off and every exit list: approvals are recorded by id)',
    ],
    ["a bad duration", ["stages:", "  - { name: a, percent: 1, bake: 90s }"], '2:34: stages[0].bake: "90s" is not a duration: seconds are not supported; the smallest unit is minutes (m)'],
    ["a duration given as a number", ["stages:", "  - { name: a, percent: 1, bake: 24 }"], "2:34: stages[0].bake: expected a duration like 24h, got the number 24"],
    ["a bad gate window", ["gates: [{ name: g, below: 1, for: 1 hour }]", ...MINIMAL], '1:35: gates[0].for: "1 hour" is not a duration: write 1h'],
    ["a role the settings do not define", ["signoff:", "  - { id: x, title: X, role: qa-lead }", ...MINIMAL], '2:30: signoff[0].role: role "qa-lead" is not defined in the settings; defined roles: eng, qa, ops'],
    ["a misspelt role in notify", ["notify: [opps]", ...MINIMAL], '1:10: notify[0]: role "opps" is not defined in the settings (did you mean "ops"?); defined roles: eng, qa, ops'],
    ["an alert notifying an unknown role", ["gates: [{ name: g, below: 1 }]", "alerts: [{ gate: g, above: 2, notify: [sre] }]", ...MINIMAL], '2:40: alerts[0].notify[0]: role "sre" is not defined in the settings'],
    ["a rollback notifying an unknown role", ["rollback: { notify: [oncall] }", ...MINIMAL], '1:22: rollback.notify[0]: role "oncall" is not defined in the settings'],
    ["a rollback rule on an unknown gate", ["gates: [{ name: errors, below: 1 }]", "rollback:", "  when: [{ gate: eror, above: 2 }]", ...MINIMAL], '3:18: rollback.when[0].gate: no gate named "eror" (did you mean "errors"?); gates: errors'],
    ["an alert when the plan has no gates", ["alerts: [{ gate: errors, above: 2 }]", ...MINIMAL], '1:18: alerts[0].gate: no gate named "errors"; this plan defines no gates'],
    ["rollback to an unknown stage", ["rollback: { to: nowhere }", ...MINIMAL], '1:17: rollback.to: no stage named "nowhere"; stages: full'],
    ["rollback to a list", ["rollback: { to: [0] }", ...MINIMAL], "1:17: rollback.to: expected a percent (0 to 100) or a stage name"],
    ["rollback to a percent above 100", ["rollback: { to: 150 }", ...MINIMAL], "1:17: rollback.to: must be at most 100, got the number 150"],
    ["a gate with both thresholds, on the second", ["gates: [{ name: g, below: 1, above: 2 }]", ...MINIMAL], "1:30: gates[0]: set either below or above, not both"],
    ["a gate without a threshold, on the gate", ["gates:", "  - name: g", "    query: up", ...MINIMAL], "2:5: gates[0]: needs a threshold: below: <number> or above: <number>"],
    ["a rollback rule without a threshold", ["gates: [{ name: g, below: 1 }]", "rollback: { when: [{ gate: g }] }", ...MINIMAL], "2:20: rollback.when[0]: needs a threshold"],
    ["a duplicate gate name", ["gates:", "  - { name: g, below: 1 }", "  - { name: g, above: 1 }", ...MINIMAL], '3:13: gates[1].name: duplicate gate name "g": already used at line 2'],
    ["an unknown no-data", ["gates: [{ name: g, below: 1, no-data: skip }]", ...MINIMAL], '1:39: gates[0].no-data: must be one of hold, fail, pass, got text "skip"'],
    ["an id that is not slug-like", ["signoff: [{ id: Code Review, title: X, role: eng }]", ...MINIMAL], '1:17: signoff[0].id: id "Code Review" must be lower-case letters, digits and dashes, starting with a letter or digit (like code-review)'],
    ["a stage name that is not slug-like", ["stages: [{ name: Beta_1, percent: 1 }]"], '1:18: stages[0].name: stage name "Beta_1" must be lower-case letters, digits and dashes'],
    ["an empty title", ["signoff: [{ id: x, title: '  ', role: eng }]", ...MINIMAL], "1:27: signoff[0].title: must not be empty"],
    ["a state path outside the repository", ["state: ../elsewhere.yml", ...MINIMAL], '1:8: state: "../elsewhere.yml" is not a state file path'],
    ["a state path that is not YAML", ["state: config/rollout.json", ...MINIMAL], "1:8: state: \"config/rollout.json\" is not a state file path"],
    ["a state file among the plans", ["state: .github/rollouts/checkout-state.yml", ...MINIMAL], "1:8: state: a state file directly in .github/rollouts/ would be read as a plan"],
    ["a duplicate key", ["stages: []", "stages: []"], "2:1: YAML syntax: Map keys must be unique"],
    ["a true/false instead of a number", ["stages: [{ name: a, percent: true }]"], "1:30: stages[0].percent: expected a number, got true"],
    ["a stage that is not a mapping", ["stages: [full]"], '1:10: stages[0]: expected a mapping, got text "full"'],
    ["an id with nothing slug-like in it", ["signoff: [{ id: '!!', title: X, role: eng }]", ...MINIMAL], '1:17: signoff[0].id: id "!!" must be lower-case letters, digits and dashes, starting with a letter or digit (like code-review)'],
  ])("reports %s", (_, lines, expected) => {
    const found = problems(lines);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${FILE}:${expected}`);
  });

  it("reports YAML syntax errors on their own, since the structure is unreliable", () => {
    expect(problems(["stages: [", "  { name: a"])).toEqual([
      `${FILE}:3:1: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }`,
      `${FILE}:3:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it("compares percentages even around stages without a usable name", () => {
    const found = problems(["stages:", "  - { name: 3, percent: 10 }", "  - { name: b, percent: 5 }", "  - { name: 3, percent: 50 }"]);
    expect(found).toEqual([
      `${FILE}:2:13: stages[0].name: expected text, got the number 3`,
      `${FILE}:3:25: stages[1].percent: 5 is lower than 10 in the previous stage: percentages never decrease from one stage to the next`,
      `${FILE}:4:13: stages[2].name: expected text, got the number 3`,
    ]);
  });

  it("says so when the settings define no roles at all", () => {
    const noRoles = parseSettings("calendar: { timezone: UTC }\n", "s.yml");
    expect(noRoles.ok).toBe(true);
    const found = problems(["signoff: [{ id: x, title: X, role: qa }]", ...MINIMAL], noRoles.ok ? noRoles.value : null);
    expect(found).toEqual([`${FILE}:1:36: signoff[0].role: role "qa" is not defined in the settings; the settings define no roles`]);
  });

  it("reports a file name that cannot name a rollout", () => {
    const result = parsePlan(MINIMAL.join("\n"), ".github/rollouts/my plan.yml", null);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      '.github/rollouts/my plan.yml:1:1: the file name "my plan" cannot name a rollout: use letters, digits, dots and dashes, like playlist-editor.yml',
    ]);
  });

  it("reports every problem at once, in reading order", () => {
    const found = problems([
      "signoff:",
      "  - { id: a, title: A, role: nobody }",
      "stages:",
      "  - { name: one, percent: 50, bake: 2 days }",
      "  - { name: one, percent: 10, colour: red }",
      "alerts: [{ gate: missing, above: 1 }]",
    ]);
    expect(found.map((p) => p.split(": ")[0])).toEqual([
      `${FILE}:2:30`,
      `${FILE}:4:37`,
      `${FILE}:5:13`,
      `${FILE}:5:27`,
      `${FILE}:5:31`,
      `${FILE}:6:18`,
    ]);
  });

  it("still reports cross-field rules when other values have the wrong type", () => {
    const found = problems(["description: [x]", "stages:", "  - { name: a, percent: 5 }", "  - { name: a, percent: 1 }"]);
    expect(found).toHaveLength(3);
    expect(found[1]).toContain("4:13: stages[1].name: duplicate stage name");
    expect(found[2]).toContain("4:25: stages[1].percent: 1 is lower than 5");
  });

  it("points into aliases where they are defined, and keeps block positions", () => {
    const found = problems(["x-item: &item { id: x, title: X, role: ghost }", "signoff: [*item]", ...MINIMAL].slice(0), settings());
    // The unknown top-level key and the alias's role are both reported.
    expect(found).toEqual([
      `${FILE}:1:1: unknown key "x-item"; allowed keys: description, state, signoff, stages, gates, rollback, alerts, notify, flagd`,
      `${FILE}:1:40: signoff[0].role: role "ghost" is not defined in the settings; defined roles: eng, qa, ops`,
    ]);
  });
});
