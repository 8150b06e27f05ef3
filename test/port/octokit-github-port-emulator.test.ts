// The port against the emulator, which answers as GitHub's API description says: the
// compare-and-swap of the contents API, team memberships and permissions as GitHub reports them.
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OctokitGitHubPort } from "../../port/octokit-github-port.js";
import { DEFAULT_PERMISSIONS, startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";

let emulator: RunningEmulator;
let port: OctokitGitHubPort;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.addOrg("acme");
  emulator.addTeam("acme", "sre", ["omar", { login: "ivan", state: "pending" }]);
  emulator.addRepo("acme", "web", { files: { "state.yml": "stage: internal\n" } });
  emulator.setRole("acme/web", "mia", "maintain");
  const installation = emulator.installApp({ account: "acme" });
  const octokit = new Octokit({ auth: emulator.createInstallationToken(installation.id), baseUrl: emulator.baseUrl, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
  port = new OctokitGitHubPort(octokit, { owner: "acme", repo: "web" });
});

afterAll(async () => {
  await emulator.close();
});

describe("OctokitGitHubPort on the emulator", () => {
  it("commits with compare-and-swap: the read sha wins once, a stale or missing sha is a conflict", async () => {
    const file = await port.readFile("state.yml", "main");
    expect(file?.content).toBe("stage: internal\n");
    const first = await port.commitFile({ path: "state.yml", content: "stage: beta\n", message: "Promote", expectedSha: file?.sha ?? null, branch: "main" });
    expect(first.ok).toBe(true);
    const stale = await port.commitFile({ path: "state.yml", content: "stage: ten\n", message: "Promote again", expectedSha: file?.sha ?? null, branch: "main" });
    expect(stale).toEqual({ ok: false, conflict: true });
    const missing = await port.commitFile({ path: "state.yml", content: "stage: ten\n", message: "Blind write", expectedSha: null, branch: "main" });
    expect(missing).toEqual({ ok: false, conflict: true });
    expect(emulator.readFile("acme/web", "state.yml")).toBe("stage: beta\n");
    expect(await port.readFile("nope.yml", "main")).toBeNull();
  });

  it("creates a file that does not exist yet without a sha", async () => {
    const created = await port.commitFile({ path: "config/new.yml", content: "a: 1\n", message: "Start", expectedSha: null, branch: "main" });
    expect(created).toMatchObject({ ok: true });
    expect(await port.listFiles("config", "main")).toEqual([{ path: "config/new.yml", sha: created.ok ? created.fileSha : "" }]);
  });

  it("knows active team members from pending invitations and strangers", async () => {
    expect(await port.isActiveTeamMember("acme", "sre", "omar")).toBe(true);
    expect(await port.isActiveTeamMember("acme", "sre", "ivan")).toBe(false);
    expect(await port.isActiveTeamMember("acme", "sre", "mallory")).toBe(false);
  });

  it("lists a team's active members, page after page, without pending invitations", async () => {
    const many = Array.from({ length: 130 }, (_, i) => `member-${String(i).padStart(3, "0")}`);
    emulator.addTeam("acme", "big", [...many, { login: "invited", state: "pending" }]);
    const roster = await port.listTeamMembers("acme", "big");
    expect(roster.readable && [...roster.logins].sort()).toEqual(many);
    expect(await port.listTeamMembers("acme", "sre")).toEqual({ readable: true, logins: ["omar"] });
  });

  it("says when a team cannot be read instead of calling everyone a stranger", async () => {
    const octokit = (auth: string) => new Octokit({ auth, baseUrl: emulator.baseUrl, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
    const workflow = new OctokitGitHubPort(octokit(emulator.createActionsToken("acme/web")), { owner: "acme", repo: "web" });
    expect(await workflow.listTeamMembers("acme", "sre")).toEqual({ readable: false, status: 404 });
    const permissions = Object.fromEntries(Object.entries(DEFAULT_PERMISSIONS).filter(([scope]) => scope !== "members"));
    const without = emulator.installApp({ account: "acme", permissions });
    const noMembers = new OctokitGitHubPort(octokit(emulator.createInstallationToken(without.id)), { owner: "acme", repo: "web" });
    expect(await noMembers.listTeamMembers("acme", "sre")).toEqual({ readable: false, status: 403 });
    expect(await port.listTeamMembers("acme", "no-such-team")).toEqual({ readable: false, status: 404 });
  });

  it("finds the pull request commit that last changed a file on the default branch", async () => {
    const pull = await emulator.as("mia").openPullRequest("acme/web", { head: "plan", title: "Add a plan", files: { ".github/rollouts/x.yml": "description: X\n" } });
    await emulator.as("mia").merge("acme/web", pull.value.number);
    const sha = (await port.lastCommitTouching(".github/rollouts/x.yml", "main"))?.sha ?? null;
    expect(sha).toBe(pull.value.headSha);
    expect((await port.listPullRequestsForCommit(sha ?? "")).map((p) => [p.number, p.merged])).toEqual([[pull.value.number, true]]);
    expect(await port.lastCommitTouching(".github/rollouts/state/x.yml", "main")).toBeNull();
    expect(await port.lastCommitTouching(".github/rollouts/x.yml", "no-such-branch")).toBeNull();
  });

  it("tells who made the last commit of a file: API commits are web-flow's and verified, a git push is not", async () => {
    const file = await port.readFile("state.yml", "main");
    await port.commitFile({ path: "state.yml", content: "stage: ten\n", message: "Promote to ten", expectedSha: file?.sha ?? null, branch: "main" });
    expect(await port.lastCommitTouching("state.yml", "main")).toMatchObject({ authorLogin: "stagegate[bot]", committerLogin: "web-flow", message: "Promote to ten", verified: true });
    await emulator.as("mia").push("acme/web", "main", { "state.yml": "stage: everyone\n" }, "Skip ahead");
    expect(await port.lastCommitTouching("state.yml", "main")).toMatchObject({ authorLogin: "mia", committerLogin: "mia", message: "Skip ahead", verified: false });
    await emulator.as("mia").push("acme/web", "main", { "state.yml": "stage: beta\n" }, "Edit in the browser", { web: true });
    expect(await port.lastCommitTouching("state.yml", "main")).toMatchObject({ authorLogin: "mia", committerLogin: "web-flow", verified: true });
  });

  it("reads maintain as write, with the real role name", async () => {
    expect(await port.permission("mia")).toEqual({ permission: "write", roleName: "maintain" });
  });
});
