import { describe, expect, it } from "vitest";
import { readFlagState } from "../../../core/flags/flag-state.js";

const STATE = "rollout: editor\nstage: beta\npercent: 1\nstatus: progressing\nentered: 2026-12-01T09:00:00Z\napprovals: []\nhistory: []\n";
const PLAN = "stages:\n  - { name: internal, percent: 0, audience: internal }\n  - { name: beta, percent: 1, audience: beta }\n  - { name: full, percent: 100 }\n";

describe("readFlagState", () => {
  it("takes the position from the state and the audiences from the plan", () => {
    const read = readFlagState({ state: { path: "s.yml", text: STATE }, plan: { path: ".github/rollouts/editor.yml", text: PLAN } });
    expect(read).toMatchObject({ ok: true, value: { rollout: "editor", stage: "beta", percent: 1, status: "progressing", resumeTo: null, stages: [{ name: "internal", audience: "internal" }, { name: "beta", audience: "beta" }, { name: "full", audience: null }] } });
  });

  it("serves percentages only without a plan", () => {
    expect(readFlagState({ state: { path: "s.yml", text: STATE } })).toMatchObject({ ok: true, value: { stages: [] } });
    expect(readFlagState({ state: { path: "s.yml", text: STATE }, plan: null })).toMatchObject({ ok: true, value: { stages: [] } });
  });

  it("reports a broken state file, a broken plan, or another rollout's plan, with where", () => {
    const broken = readFlagState({ state: { path: "s.yml", text: "rollout: editor\npercent: lots\n" } });
    expect(broken.ok).toBe(false);
    const badPlan = readFlagState({ state: { path: "s.yml", text: STATE }, plan: { path: ".github/rollouts/editor.yml", text: "stages: 3\n" } });
    expect(badPlan).toMatchObject({ ok: false, problems: [{ file: ".github/rollouts/editor.yml" }] });
    const other = readFlagState({ state: { path: "s.yml", text: STATE }, plan: { path: ".github/rollouts/search.yml", text: PLAN } });
    expect(other).toMatchObject({ ok: false, problems: [{ message: "this is the plan of search, but s.yml is the state of editor" }] });
  });
});
