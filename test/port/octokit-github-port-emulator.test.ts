// The port against the emulator, which answers as GitHub's API description says: the
// compare-and-swap of the contents API, team memberships and permissions as GitHub reports them.
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OctokitGitHubPort } from "../../port/octokit-github-port.js";
import { DEFAULT_PERMISSIONS, startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";

let emulator: RunningEmulator;
let port: OctokitGitHubPort;
let octokit: Octokit;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.addOrg("acme");
  emulator.addTeam("acme", "sre", ["omar", { login: "ivan", state: "pending" }]);
  emulator.addRepo("acme", "web", { files: { "state.yml": "stage: internal\n" } });
  emulator.setRole("acme/web", "mia", "maintain");
  const installation = emulator.installApp({ account: "acme" });
  octokit = new Octokit({ auth: emulator.createInstallationToken(installation.id), baseUrl: emulator.baseUrl, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
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

  it("reads maintain as write, with the real role name, and no access as none", async () => {
    expect(await port.permission("mia")).toEqual({ permission: "write", roleName: "maintain" });
    expect(await port.permission("omar")).toEqual({ permission: "none", roleName: "none" });
  });
});

describe("OctokitGitHubPort reads what GitHub answers in other shapes", () => {
  it("reads a file over 1 MB through the blob API, and no file where there is a folder", async () => {
    const big = `${"# large plan\n".repeat(90_000)}`;
    await emulator.as("mia").push("acme/web", "main", { "big/plan.yml": big, "big/notes.md": "n\n" });
    const read = await port.readFile("big/plan.yml", "main");
    expect(read?.content).toBe(big);
    expect(emulator.requests.count({ route: "GET /repos/{owner}/{repo}/git/blobs/{file_sha}" })).toBe(1);
    expect(await port.readFile("big")).toBeNull();
    expect(await port.listFiles("big/notes.md")).toEqual([]);
  });

  it("asks for the default branch once, unless the caller knew it", async () => {
    const fresh = new OctokitGitHubPort(octokit, { owner: "acme", repo: "web" });
    const before = emulator.requests.count({ route: "GET /repos/{owner}/{repo}" });
    expect([await fresh.defaultBranch(), await fresh.defaultBranch()]).toEqual(["main", "main"]);
    expect(emulator.requests.count({ route: "GET /repos/{owner}/{repo}" }) - before).toBe(1);
    const told = new OctokitGitHubPort(octokit, { owner: "acme", repo: "web" }, { defaultBranch: "trunk" });
    expect(await told.defaultBranch()).toBe("trunk");
  });

  it("edits an issue's title alone, comments, reacts, and reads them back; a missing issue or comment is nothing", async () => {
    const issue = await port.createIssue({ title: "Rollout: x", body: "body", labels: ["stagegate"] });
    const renamed = await port.updateIssue(issue.number, { title: "Rollout: x (renamed)" });
    expect(renamed).toMatchObject({ number: issue.number, title: "Rollout: x (renamed)", body: "body", state: "open" });
    const closed = await port.updateIssue(issue.number, { state: "closed" });
    expect(closed.state).toBe("closed");
    expect(await port.getIssue(issue.number)).toEqual(closed);
    expect(await port.getIssue(9999)).toBeNull();

    const comment = await port.createComment(issue.number, "/status");
    await port.addReaction(comment.id, "eyes");
    expect(await port.listComments(issue.number)).toEqual([{ id: comment.id, user: "stagegate[bot]", body: "/status" }]);
    expect(await port.listReactions(comment.id)).toEqual([{ content: "eyes", user: "stagegate[bot]" }]);
    expect(await port.listReactions(987654)).toEqual([]);
  });

  it("reads an open pull request with its files, and nothing for a missing one", async () => {
    const pull = await emulator.as("mia").openPullRequest("acme/web", { head: "open-plan", title: "Another plan", files: { ".github/rollouts/y.yml": "description: Y\n" } });
    expect(await port.getPullRequest(pull.value.number)).toMatchObject({ number: pull.value.number, state: "open", merged: false, headRef: "open-plan", baseRef: "main", author: "mia" });
    expect(await port.listPullRequestFiles(pull.value.number)).toEqual([{ path: ".github/rollouts/y.yml", status: "added" }]);
    expect(await port.getPullRequest(9999)).toBeNull();
  });

  it("writes every field of a check run, updates only what it is given, and reads a queued run as queued", async () => {
    const head = emulator.repo("acme/web").branches.get("main") ?? "";
    const created = await port.createCheckRun({ name: "stagegate / Code review", headSha: head, status: "completed", conclusion: "success", externalId: "stagegate-signoff:code-review", detailsUrl: "https://example.com/x", title: "Signed", summary: "by quinn", text: "record" });
    expect(created).toMatchObject({ name: "stagegate / Code review", status: "completed", conclusion: "success", externalId: "stagegate-signoff:code-review", output: { title: "Signed", summary: "by quinn", text: "record" } });

    const renamed = await port.updateCheckRun(created.id, { name: "stagegate / Review", status: "completed", conclusion: "neutral", externalId: "stagegate-signoff:review", detailsUrl: "https://example.com/y" });
    expect(renamed).toMatchObject({ name: "stagegate / Review", conclusion: "neutral", externalId: "stagegate-signoff:review", output: { title: "Signed", summary: "by quinn" } });

    const annotations = Array.from({ length: 60 }, (_, i) => ({ path: "plan.yml", start_line: i + 1, end_line: i + 1, annotation_level: "warning" as const, message: `line ${i + 1}` }));
    const retitled = await port.updateCheckRun(created.id, { title: "Signed again" });
    expect(retitled.output).toMatchObject({ title: "Signed again", summary: "by quinn" });
    const annotated = await port.updateCheckRun(created.id, { annotations });
    expect(annotated.output).toMatchObject({ title: "Signed again", summary: "by quinn" });
    expect(emulator.requests.count({ route: "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}" })).toBe(4);

    await port.createCheckRun({ name: "stagegate / Waiting", headSha: head, status: "queued", title: "Waiting", summary: "not yet" });
    expect((await port.listCheckRuns(head)).map((r) => [r.name, r.status, r.conclusion])).toEqual(
      expect.arrayContaining([
        ["stagegate / Review", "completed", "neutral"],
        ["stagegate / Waiting", "queued", null],
      ]),
    );
    expect(emulator.requests.violations()).toEqual([]);
  });

  it("reads issues by number in one query, closed ones as closed and missing ones as nothing", async () => {
    const open = await emulator.as("mia").openIssue("acme/web", { title: "Open", body: "o" });
    const shut = await emulator.as("mia").openIssue("acme/web", { title: "Shut", body: "s" });
    await port.updateIssue(shut.value.number, { state: "closed" });
    const before = emulator.requests.count({ route: "POST /graphql" });
    const read = await port.readBatch({ ref: "main", issues: [open.value.number, shut.value.number, 9999] });
    expect(emulator.requests.count({ route: "POST /graphql" }) - before).toBe(1);
    expect([...read.issues].map(([n, issue]) => [n, issue?.title ?? null, issue?.state ?? null])).toEqual([
      [open.value.number, "Open", "open"],
      [shut.value.number, "Shut", "closed"],
      [9999, null, null],
    ]);
    expect(read.files.size).toBe(0);
  });

  it("lets a failure to reach GitHub through, rather than reading it as a conflict or as nothing there", async () => {
    const gone = await startEmulator();
    const url = gone.baseUrl;
    await gone.close();
    const unreachable = new OctokitGitHubPort(new Octokit({ auth: "t", baseUrl: url, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } }), { owner: "acme", repo: "web" });
    await expect(unreachable.commitFile({ path: "a.yml", content: "a", message: "m", expectedSha: null, branch: "main" })).rejects.toThrow();
    await expect(unreachable.readFile("a.yml")).rejects.toThrow();
  });
});
