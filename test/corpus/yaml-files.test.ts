// Every plan, settings and state file of the corpus through its parser, and plans and settings
// through `stagegate validate` as well: a clear problem at the right place, never an exception,
// never a claim of success.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../core/model.js";
import { parsePlan } from "../../core/parse-plan.js";
import { parseSettings } from "../../core/parse-settings.js";
import { parseState } from "../../core/state/parse-state.js";
import { corpus, expectCliProblems, expectProblems, validate, type InvalidInput } from "./corpus.js";

// These tests pin the verdicts on hostile input; timing is never asserted in tests.

const ROLES = corpus<{ roles: string[] }>("settings-valid").find((f) => f.name === "roles.yml")!.text;
const rolesResult = parseSettings(ROLES, ".github/stagegate.yml");
if (!rolesResult.ok) throw new Error("settings-valid/roles.yml must parse");
const settings = rolesResult.value;

const planPath = (name: string) => `.github/rollouts/${name}`;
const inRepo = (name: string, text: string) => ({ [`/repo/${planPath(name)}`]: text, "/repo/.github/stagegate.yml": ROLES });

describe("invalid plans", () => {
  const cases = corpus<InvalidInput>("plans");

  it("are at least forty, so the corpus stays broad", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)("$name: each problem at its line and column, saying what to fix", ({ name, text, expected }) => {
    const result = parsePlan(text, planPath(name), settings);
    expect(result.ok).toBe(false);
    if (!result.ok) expectProblems(result.problems, expected, planPath(name));
  });

  it.each(cases)("$name: stagegate validate exits 1 with path:line:col: message lines only", async ({ name, text, expected }) => {
    expectCliProblems(await validate(planPath(name), inRepo(name, text)), planPath(name), expected);
  });
});

describe("tricky but valid plans", () => {
  const cases = corpus<{ why: string; stages: string[]; signoff: string[]; group?: string }>("plans-valid");
  const parsed = new Map<string, Plan>();

  it.each(cases)("$name parses: $expected.why", async ({ name, text, expected }) => {
    const result = parsePlan(text, planPath(name), settings);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    parsed.set(name, result.value);
    expect(result.value.stages.map((s) => s.name)).toEqual(expected.stages);
    expect(result.value.signoff.map((s) => s.id)).toEqual(expected.signoff);
    const run = await validate(planPath(name), inRepo(name, text));
    expect(run).toEqual({ code: 0, out: expect.stringMatching(/^\.github\/rollouts\/\S+: ok \(rollout /), err: "" });
  });

  it("read the same whatever the line endings or a BOM", () => {
    const group = cases.filter((c) => c.expected.group === "line-endings");
    expect(group.length).toBeGreaterThanOrEqual(4);
    const strip = (name: string) => ({ ...parsePlanOrThrow(group.find((c) => c.name === name)!.text), name: "", path: "", statePath: "" });
    const baseline = strip("lf.yml");
    for (const { name } of group) expect(strip(name), name).toEqual(baseline);
  });

  it("keep the text of titles exactly, in any script", () => {
    const plan = parsePlanOrThrow(cases.find((c) => c.name === "unicode-titles.yml")!.text);
    expect(plan.signoff[1]!.title).toBe("🚀🚀🚀 launch checklist 👩🏽‍💻");
    expect(plan.stages[0]!.audience).toBe("bêta 🧪");
  });
});

function parsePlanOrThrow(text: string): Plan {
  const result = parsePlan(text, planPath("p.yml"), settings);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

describe("invalid settings", () => {
  const cases = corpus<InvalidInput>("settings");

  it.each(cases)("$name: each problem at its line and column, saying what to fix", ({ text, expected }) => {
    const result = parseSettings(text, ".github/stagegate.yml");
    expect(result.ok).toBe(false);
    if (!result.ok) expectProblems(result.problems, expected, ".github/stagegate.yml");
  });

  it.each(cases)("$name: stagegate validate exits 1 with path:line:col: message lines only", async ({ name, text, expected }) => {
    // The CLI knows a settings file by its name.
    const path = `${name.replace(/\.yml$/, "")}/stagegate.yml`;
    expectCliProblems(await validate(path, { [`/repo/${path}`]: text }), path, expected);
  });
});

describe("tricky but valid settings", () => {
  it.each(corpus<{ why: string; roles: string[] }>("settings-valid"))("$name parses: $expected.why", async ({ name, text, expected }) => {
    const result = parseSettings(text, name);
    expect(result.ok ? Object.keys(result.value.roles) : result.problems).toEqual(expected.roles);
    const path = `${name.replace(/\.yml$/, "")}/stagegate.yml`;
    expect((await validate(path, { [`/repo/${path}`]: text })).code).toBe(0);
  });
});

describe("state files", () => {
  it.each(corpus<InvalidInput>("state"))("$name: each problem at its line and column, saying what to fix", ({ text, expected }) => {
    const result = parseState(text, "config/rollouts/playlist-editor.yml");
    expect(result.ok).toBe(false);
    if (!result.ok) expectProblems(result.problems, expected, "config/rollouts/playlist-editor.yml");
  });

  it.each(corpus<{ why: string; stage: string; percent: number }>("state-valid"))("$name parses: $expected.why", ({ text, expected }) => {
    const result = parseState(text, "s.yml");
    expect(result.ok ? { stage: result.value.stage, percent: result.value.percent } : result.problems).toEqual({ stage: expected.stage, percent: expected.percent });
  });
});
