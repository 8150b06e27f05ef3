import { describe, expect, it } from "vitest";
import { parsePlan } from "../../../core/parse-plan.js";

const PLAN = "stages:\n  - { name: internal, percent: 0, audience: internal }\n  - { name: full, percent: 100 }\n";
const parse = (extra: string, state = "") => parsePlan(`${state}${PLAN}${extra}`, ".github/rollouts/editor.yml", null);

describe("the plan's flagd: key", () => {
  it("is off unless asked for", () => {
    const plan = parse("");
    expect(plan.ok && plan.value.flagd).toBeUndefined();
    const no = parse("flagd: false\n");
    expect(no.ok && no.value.flagd).toBeUndefined();
  });

  it("puts the file beside the state file by default, with the audience attribute", () => {
    const plan = parse("flagd: true\n", "state: config/rollouts/editor.yml\n");
    expect(plan.ok && plan.value.flagd).toEqual({ path: "config/rollouts/editor.flagd.json", audienceAttribute: "audience" });
    const byDefault = parse("flagd: true\n");
    expect(byDefault.ok && byDefault.value.flagd).toEqual({ path: ".github/rollouts/state/editor.flagd.json", audienceAttribute: "audience" });
  });

  it("takes a path and an attribute", () => {
    const plan = parse("flagd: { path: flags/editor.json, audience-attribute: groups }\n");
    expect(plan.ok && plan.value.flagd).toEqual({ path: "flags/editor.json", audienceAttribute: "groups" });
  });

  it("reports a bad value on its line", () => {
    const plan = parse("flagd: { path: ../flags.yml }\n");
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.problems[0]?.message).toMatch(/not a flagd file path/);
    const wrong = parse("flagd: yes please\n");
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problems[0]?.message).toMatch(/expected true, or a mapping/);
  });
});
