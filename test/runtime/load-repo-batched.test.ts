// A scheduled run reads a repository of many rollouts in two batched GraphQL queries: the cost
// stays the same whatever the number of rollouts, and nothing breaks GitHub's limits.
import { afterEach, describe, expect, it } from "vitest";
import { serializeState } from "../../core/state/serialize-state.js";
import { rolloutMarker } from "../../core/tracking-issue/marker.js";
import { createActionOctokit } from "../../action/octokit.js";
import { loadActionConfig } from "../../action/config.js";
import { OctokitGitHubPort } from "../../port/octokit-github-port.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { planYaml, servingTen, SETTINGS } from "../../bench/rollout-repo.js";

let emulator: RunningEmulator | null = null;
afterEach(async () => {
  await emulator?.close();
  emulator = null;
});

const inputs = { settings: ".github/stagegate.yml", rollouts: { dir: ".github/rollouts", pattern: /\.ya?ml$/, text: ".github/rollouts/*.yml" } };

async function repoWith(count: number, extra: Record<string, string> = {}) {
  emulator = await startEmulator({ now: "2026-12-01T16:00:00Z" });
  emulator.addTeam("acme", "eng-leads", ["lee"]);
  emulator.addTeam("acme", "sre", ["omar"]);
  emulator.addTeam("acme", "release-managers", ["rel"]);
  const files: Record<string, string> = { ".github/stagegate.yml": SETTINGS, ...extra };
  const names = Array.from({ length: count }, (_, i) => `feature-${i + 1}`);
  for (const name of names) {
    files[`.github/rollouts/${name}.yml`] = planYaml(name);
    files[`.github/rollouts/state/${name}.yml`] = serializeState(servingTen(name), null);
  }
  emulator.addRepo("acme", "releases", { files });
  emulator.setRole("acme/releases", "pam", "write");
  const octokit = createActionOctokit({ token: emulator.createActionsToken("acme/releases"), baseUrl: emulator.baseUrl, log: () => {} });
  return { emulator, names, port: new OctokitGitHubPort(octokit, { owner: "acme", repo: "releases" }, { defaultBranch: "main" }) };
}

describe("loading every rollout for a scheduled run", () => {
  it("costs two GraphQL queries for 150 rollouts, within GitHub's limits, with each state file's sha and last commit", async () => {
    const { emulator, names, port } = await repoWith(150);
    const config = await loadActionConfig(port, inputs);
    expect(emulator.requests.all().map((r) => r.route)).toEqual(["POST /graphql", "POST /graphql"]);
    expect(emulator.requests.violations()).toEqual([]);
    expect(config.rollouts.map((r) => r.name)).toEqual([...names].sort());
    const head = emulator.repo("acme/releases").branches.get("main");
    for (const r of config.rollouts) {
      expect(r.plan.ok && r.stateFile?.state.ok).toBe(true);
      expect(r.stateFile?.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(r.stateLastCommit).toEqual({ sha: head, authorLogin: "acme", committerLogin: "acme", message: "Initial commit", verified: false });
    }
    expect(emulator.limits.peakInFlight).toBe(1);
  });

  it("finds each tracking issue by its marker, never by listing issues", async () => {
    const { emulator, port } = await repoWith(3);
    const pam = emulator.as("pam");
    await pam.openIssue("acme/releases", { title: "Rollout: feature-2", body: `${rolloutMarker("feature-2")}\nchecklist`, labels: ["stagegate"] });
    await pam.openIssue("acme/releases", { title: "not it", body: "mentions stagegate:rollout feature-3 in passing", labels: ["stagegate"] });
    const config = await loadActionConfig(port, inputs);
    expect([...config.trackingIssues.keys()]).toEqual(["feature-2"]);
    expect(config.trackingIssues.get("feature-2")?.number).toBe(1);
    expect(emulator.requests.count({ route: "GET /repos/{owner}/{repo}/issues" })).toBe(0);
  });

  it("reads a state file kept outside the plans folder in the second query, and reports a broken plan on its own", async () => {
    const custom = planYaml("custom").replace("description:", "state: ops/custom-state.yml\ndescription:");
    const { emulator, port } = await repoWith(2, { ".github/rollouts/custom.yml": custom, "ops/custom-state.yml": serializeState(servingTen("custom"), null), ".github/rollouts/broken.yml": "stages: [\n" });
    const config = await loadActionConfig(port, inputs);
    expect(emulator.requests.count({ route: "POST /graphql" })).toBe(2);
    const byName = new Map(config.rollouts.map((r) => [r.name, r]));
    expect(byName.get("custom")?.stateFile?.path).toBe("ops/custom-state.yml");
    expect(byName.get("custom")?.stateFile?.state.ok).toBe(true);
    const broken = byName.get("broken");
    expect(broken?.plan.ok).toBe(false);
    expect(broken?.plan.ok === false && broken.plan.problems[0]).toMatchObject({ file: ".github/rollouts/broken.yml", line: 2 });
    expect(byName.get("feature-1")?.plan.ok).toBe(true);
  });
});

describe("what the batched load does not find", () => {
  it("reads no rollout, in one query, when the plans folder does not exist", async () => {
    emulator = await startEmulator({ now: "2026-12-01T16:00:00Z" });
    emulator.addRepo("acme", "releases", { files: { "README.md": "# releases\n" } });
    const octokit = createActionOctokit({ token: emulator.createActionsToken("acme/releases"), baseUrl: emulator.baseUrl, log: () => {} });
    const config = await loadActionConfig(new OctokitGitHubPort(octokit, { owner: "acme", repo: "releases" }, { defaultBranch: "main" }), inputs);
    expect(config.rollouts).toEqual([]);
    expect(config.settings.ok).toBe(true);
    expect(emulator.requests.all().map((r) => r.route)).toEqual(["POST /graphql"]);
  });

  it("reports a plan that is not text on its own, and still loads the others", async () => {
    const { port } = await repoWith(1, { ".github/rollouts/logo.yml": "GIF89a\u0000\u0001" });
    const config = await loadActionConfig(port, inputs);
    const logo = config.rollouts.find((r) => r.name === "logo");
    expect(logo?.plan.ok === false && logo.plan.problems).toEqual([{ file: ".github/rollouts/logo.yml", line: 1, col: 1, message: "the plan .github/rollouts/logo.yml could not be read as text" }]);
    expect(logo?.stateFile).toBeNull();
    expect(config.rollouts.find((r) => r.name === "feature-1")?.plan.ok).toBe(true);
  });

  it("leaves a rollout unstarted when its state file kept elsewhere does not exist yet", async () => {
    const custom = planYaml("custom").replace("description:", "state: ops/custom-state.yml\ndescription:");
    const { port } = await repoWith(0, { ".github/rollouts/custom.yml": custom });
    const config = await loadActionConfig(port, inputs);
    expect(config.rollouts).toMatchObject([{ name: "custom", statePath: "ops/custom-state.yml", stateFile: null, stateLastCommit: null }]);
    expect(config.trackingIssues.size).toBe(0);
  });

  it("reads the tracking issue a state file records by its number, and only if it carries the rollout's marker", async () => {
    const recorded = (name: string, trackingIssue: number) => serializeState({ ...servingTen(name), trackingIssue }, null);
    const { emulator, port } = await repoWith(0, {
      ".github/rollouts/kept.yml": planYaml("kept"),
      ".github/rollouts/state/kept.yml": recorded("kept", 1),
      ".github/rollouts/gone.yml": planYaml("gone"),
      ".github/rollouts/state/gone.yml": recorded("gone", 99),
      ".github/rollouts/other.yml": planYaml("other"),
      ".github/rollouts/state/other.yml": recorded("other", 2),
    });
    const pam = emulator.as("pam");
    await pam.openIssue("acme/releases", { title: "Rollout: kept", body: `${rolloutMarker("kept")}\nchecklist`, labels: ["stagegate"] });
    await pam.openIssue("acme/releases", { title: "Lunch", body: "who orders?" });
    const config = await loadActionConfig(port, inputs);
    expect(emulator.requests.count({ route: "POST /graphql" })).toBe(2);
    expect([...config.trackingIssues].map(([name, issue]) => [name, issue.number])).toEqual([["kept", 1]]);
  });
});
