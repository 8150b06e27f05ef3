import { afterEach, describe, expect, it } from "vitest";
import { handEditOf } from "../../core/state/hand-edit.js";
import { serializeState } from "../../core/state/serialize-state.js";
import { CommittedFiles } from "../../port/committed-files.js";
import { OctokitGitHubPort } from "../../port/octokit-github-port.js";
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

describe("a state file and the commit that last changed it", () => {
  // Two App processes (replicas, or one restarted) share GitHub and nothing in memory.
  const replica = (world: RuntimeWorld) => new OctokitGitHubPort(world.octokit, { owner: "acme", repo: "web" }, { defaultBranch: "main", committedFiles: new CommittedFiles() });
  const stateReads = (world: RuntimeWorld) => world.emulator.requests.all({ route: "GET /repos/{owner}/{repo}/contents/{path}" }).filter((e) => e.url.includes(encodeURIComponent(STATE_PATH))).length;

  async function commitState(port: OctokitGitHubPort, change: (state: typeof STARTED) => typeof STARTED) {
    const rollout = (await loadRepoConfig(port)).rollouts[0];
    if (!rollout?.stateFile?.state.ok) throw new Error("no state file");
    const content = serializeState(change(rollout.stateFile.state.value), rollout.stateFile.text);
    const result = await port.commitFile({ path: STATE_PATH, content, message: "playlist-editor: step", expectedSha: rollout.stateFile.sha, branch: "main" });
    if (!result.ok) throw new Error("the commit conflicted");
    return { ...result, content };
  }

  it("come as a pair read at that commit; a process's own last write is read back without a request", async () => {
    w = await startRuntimeWorld();
    const a = replica(w);
    const written = await commitState(a, (s) => ({ ...s, approvals: [{ item: "no-critical-bugs", stage: "internal", by: "quinn", at: s.entered }] }));
    const reads = stateReads(w);
    const [rollout] = (await loadRepoConfig(a)).rollouts;
    expect(rollout?.stateLastCommit?.sha).toBe(written.commitSha);
    expect(rollout?.stateFile).toMatchObject({ text: written.content, sha: written.fileSha });
    expect(handEditOf(rollout?.stateLastCommit ?? null)).toBeNull();
    expect(stateReads(w)).toBe(reads);
  });

  it("are judged by GitHub's answer, whatever a process remembers writing: a write put back by hand is a hand edit", async () => {
    w = await startRuntimeWorld();
    const [a, b] = [replica(w), replica(w)];
    const first = await commitState(a, (s) => ({ ...s, approvals: [{ item: "no-critical-bugs", stage: "internal", by: "quinn", at: s.entered }] }));
    await commitState(b, (s) => ({ ...s, status: "rolled-back" }));
    const { value: restore } = await w.emulator.as("ada").push(REPO, "main", { [STATE_PATH]: first.content }, "Undo the rollback");

    for (const port of [a, b, w.port]) {
      const [rollout] = (await loadRepoConfig(port)).rollouts;
      expect(rollout?.stateFile?.text).toBe(first.content);
      expect(handEditOf(rollout?.stateLastCommit ?? null)).toMatchObject({ commit: restore.sha, author: "ada" });
    }
  });

  it("are both null when the last commit that changed the file removed it", async () => {
    w = await startRuntimeWorld();
    await w.emulator.as("ada").push(REPO, "main", { [STATE_PATH]: null }, "Remove the state");
    const [rollout] = (await loadRepoConfig(replica(w))).rollouts;
    expect(rollout).toMatchObject({ stateFile: null, stateLastCommit: null });
  });
});

describe("statePathOf", () => {
  it("reads the state path from a plan's text, with the default when the plan names none", () => {
    expect(statePathOf("state: config/rollouts/x.yml\nstages: [", ".github/rollouts/x.yml")).toBe("config/rollouts/x.yml");
    expect(statePathOf(PLAN, PLAN_PATH)).toBe(STATE_PATH);
  });
});
