import { afterEach, describe, expect, it } from "vitest";
import { serializeState } from "../../core/state/serialize-state.js";
import { loadRepoConfig, statePathOf } from "../../runtime/load-repo-config.js";
import { PLAN, PLAN_PATH, REPO, startRuntimeWorld, STARTED, STATE_PATH, type RuntimeWorld } from "./world.js";

let w: RuntimeWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

describe("loadRepoConfig", () => {
  it("reads the settings, every plan and each state file with its sha", async () => {
    w = await startRuntimeWorld();
    const config = await loadRepoConfig(w.port);
    expect(config).toMatchObject({ defaultBranch: "main", ref: "main", settingsFound: true, settings: { ok: true } });
    expect(config.rollouts).toHaveLength(1);
    const [rollout] = config.rollouts;
    expect(rollout).toMatchObject({ name: "playlist-editor", planPath: PLAN_PATH, statePath: STATE_PATH, plan: { ok: true } });
    expect(rollout?.stateFile).toMatchObject({ path: STATE_PATH, state: { ok: true, value: { stage: "internal" } } });
    expect(rollout?.stateFile?.sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it("reads the settings from the default branch even when the plans come from another ref", async () => {
    w = await startRuntimeWorld();
    const plan = "signoff:\n  - { id: go, title: Go, role: release-captain }\nstages:\n  - { name: full, percent: 100 }\n";
    await w.emulator.as("ada").push(REPO, "grant-myself", { ".github/stagegate.yml": "roles:\n  release-captain: { users: [ada] }\n", ".github/rollouts/sneaky.yml": plan });
    const config = await loadRepoConfig(w.port, "grant-myself");
    const sneaky = config.rollouts.find((r) => r.name === "sneaky");
    expect(sneaky?.plan).toMatchObject({ ok: false, problems: [{ file: ".github/rollouts/sneaky.yml", line: 2 }] });
  });

  it("reports a broken plan as problems without hiding the others, and still finds its state file", async () => {
    const state = serializeState({ ...STARTED, rollout: "broken" }, null);
    w = await startRuntimeWorld({ ".github/rollouts/broken.yml": "state: config/broken-state.yml\nstages: [ {name: oops\n", "config/broken-state.yml": state });
    const config = await loadRepoConfig(w.port);
    expect(config.rollouts.map((r) => [r.name, r.plan.ok])).toEqual([
      ["broken", false],
      ["playlist-editor", true],
    ]);
    expect(config.rollouts[0]).toMatchObject({ statePath: "config/broken-state.yml", stateFile: { path: "config/broken-state.yml", state: { ok: true } } });
  });

  it("uses default settings when the repository has none, and resolves _extends through the given loader", async () => {
    w = await startRuntimeWorld({ ".github/stagegate.yml": "_extends: .github\n" });
    const inherited = { roles: { "engineering-lead": { users: ["lee"] }, "security-lead": { users: ["sam"] }, "qa-lead": { users: ["quinn"] } } };
    const config = await loadRepoConfig(w.port, undefined, { loadExtendedSettings: () => Promise.resolve(inherited) });
    expect(config.settings).toMatchObject({ ok: true, value: { roles: { "qa-lead": { users: ["quinn"] } } } });
    expect(config.rollouts[0]?.plan.ok).toBe(true);
    await w.close();

    w = await startRuntimeWorld({ ".github/stagegate.yml": "" });
    await w.emulator.as("ada").push(REPO, "main", { ".github/stagegate.yml": null });
    const bare = await loadRepoConfig(w.port);
    expect(bare).toMatchObject({ settingsFound: false, settings: { ok: true, value: { roles: {} } } });
  });
});

describe("statePathOf", () => {
  it("reads the state path from a plan's text, with the default when the plan names none", () => {
    expect(statePathOf("state: config/rollouts/x.yml\nstages: [", ".github/rollouts/x.yml")).toBe("config/rollouts/x.yml");
    expect(statePathOf(PLAN, PLAN_PATH)).toBe(STATE_PATH);
  });
});
