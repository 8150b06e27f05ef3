// An unmodified @octokit/rest client, pointed at the emulator, for every endpoint the GitHub
// port uses — and no request the emulator judges invalid by GitHub's description.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProbotOctokit } from "probot";
import { createWorld, REPO, statusOf, type World } from "./world.js";

let world: World;
const repo = { owner: "acme", repo: "web" };

beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  expect(world.emulator.requests.violations()).toEqual([]);
  await world.emulator.close();
});

const decode = (data: unknown) => Buffer.from((data as { content: string }).content, "base64").toString("utf8");

describe("repository and contents", () => {
  it("reports the default branch", async () => {
    const { data } = await world.app.rest.repos.get(repo);
    expect(data.default_branch).toBe("main");
    expect(data.full_name).toBe(REPO);
  });

  it("reads a file with its blob sha, at the default branch or a ref", async () => {
    const { data } = await world.app.rest.repos.getContent({ ...repo, path: ".github/stagegate.yml" });
    expect(decode(data)).toContain("qa-lead");
    expect((data as { sha: string }).sha).toMatch(/^[0-9a-f]{40}$/);
    const atRef = await world.app.rest.repos.getContent({ ...repo, path: "README.md", ref: "main" });
    expect(decode(atRef.data)).toBe("# web\n");
    expect(await statusOf(world.app.rest.repos.getContent({ ...repo, path: "missing.yml" }))).toBe(404);
  });

  it("leaves out the content of a file over 1 MB, served as a blob instead", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    await world.emulator.as("quinn").push(REPO, "main", { "big.txt": big }, "Add a big file");
    const { data } = await world.app.rest.repos.getContent({ ...repo, path: "big.txt" });
    expect(data).toMatchObject({ encoding: "none", content: "", size: big.length });
    const blob = await world.app.rest.git.getBlob({ ...repo, file_sha: (data as { sha: string }).sha });
    expect(Buffer.from(blob.data.content, "base64").toString("utf8")).toBe(big);
  });

  it("lists the files directly inside a folder", async () => {
    const { data } = await world.app.rest.repos.getContent({ ...repo, path: ".github" });
    expect((data as Array<{ path: string; type: string }>).map((e) => [e.path, e.type])).toEqual([
      [".github/rollouts", "dir"],
      [".github/stagegate.yml", "file"],
    ]);
  });

  it("creates then updates a file, each write a commit on the branch", async () => {
    const created = await world.app.rest.repos.createOrUpdateFileContents({ ...repo, path: "config/rollouts/x.yml", message: "Start x", content: Buffer.from("percent: 0\n").toString("base64"), branch: "main" });
    expect(created.status).toBe(201);
    const updated = await world.app.rest.repos.createOrUpdateFileContents({ ...repo, path: "config/rollouts/x.yml", message: "Promote x", content: Buffer.from("percent: 10\n").toString("base64"), sha: created.data.content?.sha ?? "" });
    expect(updated.status).toBe(200);
    expect(updated.data.commit.parents?.[0]?.sha).toBe(created.data.commit.sha);
    // The App authors it; GitHub commits and signs it, as it does every contents-API write.
    expect(updated.data.commit.author?.name).toBe(world.emulator.app.botLogin);
    expect(updated.data.commit.committer?.name).toBe("GitHub");
    expect(updated.data.commit.verification?.verified).toBe(true);
    expect(world.emulator.readFile(REPO, "config/rollouts/x.yml")).toBe("percent: 10\n");
  });
});

describe("issues, comments and reactions", () => {
  it("creates, gets, updates and lists issues by label, open and closed", async () => {
    const created = await world.app.rest.issues.create({ ...repo, title: "Rollout: playlist-editor", body: "tracking", labels: ["stagegate"] });
    expect(created.data).toMatchObject({ title: "Rollout: playlist-editor", body: "tracking", state: "open", user: { login: "stagegate[bot]", type: "Bot" } });
    const other = await world.app.rest.issues.create({ ...repo, title: "Rollout: other", labels: ["stagegate"] });
    await world.app.rest.issues.update({ ...repo, issue_number: other.data.number, state: "closed" });
    const got = await world.app.rest.issues.get({ ...repo, issue_number: created.data.number });
    expect(got.data.html_url).toBe(`https://github.com/${REPO}/issues/${created.data.number}`);
    const updated = await world.app.rest.issues.update({ ...repo, issue_number: created.data.number, body: "new body", title: "Rollout: playlist-editor (10%)" });
    expect(updated.data).toMatchObject({ body: "new body", title: "Rollout: playlist-editor (10%)" });
    const listed = await world.app.rest.issues.listForRepo({ ...repo, labels: "stagegate", state: "all" });
    expect(listed.data.map((i) => i.number)).toEqual([other.data.number, created.data.number]);
    const open = await world.app.rest.issues.listForRepo({ ...repo, labels: "stagegate" });
    expect(open.data.map((i) => i.number)).toEqual([created.data.number]);
  });

  it("creates comments and reacts to them", async () => {
    const issue = await world.app.rest.issues.create({ ...repo, title: "comments" });
    const comment = await world.app.rest.issues.createComment({ ...repo, issue_number: issue.data.number, body: "Promoted to 10%" });
    expect(comment.status).toBe(201);
    expect(comment.data.performed_via_github_app?.id).toBe(world.emulator.app.id);
    const first = await world.app.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.data.id, content: "eyes" });
    expect(first.status).toBe(201);
    const again = await world.app.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.data.id, content: "eyes" });
    expect(again.status).toBe(200);
    const listed = await world.app.rest.issues.listComments({ ...repo, issue_number: issue.data.number });
    expect(listed.data[0]?.reactions?.eyes).toBe(1);
  });
});

describe("check runs", () => {
  it("creates, updates and lists check runs for a ref with the app that wrote them", async () => {
    const head = world.emulator.repo(REPO).branches.get("main") as string;
    const created = await world.app.rest.checks.create({ ...repo, name: "stagegate / Security review completed", head_sha: head, status: "in_progress", external_id: "security", output: { title: "Waiting", summary: "Needs @sam" } });
    expect(created.data.app?.id).toBe(world.emulator.app.id);
    const done = await world.app.rest.checks.update({ ...repo, check_run_id: created.data.id, conclusion: "success", output: { title: "Signed off", summary: "by @sam" } });
    expect(done.data).toMatchObject({ status: "completed", conclusion: "success", external_id: "security" });
    const listed = await world.app.rest.checks.listForRef({ ...repo, ref: head });
    expect(listed.data.total_count).toBe(1);
    expect(listed.data.check_runs[0]).toMatchObject({ id: created.data.id, head_sha: head, output: { title: "Signed off", summary: "by @sam" } });
  });
});

describe("pull requests", () => {
  it("gets a pull request, its files, and finds it from its head and merge commits", async () => {
    const { value: pull } = await world.emulator.as("quinn").openPullRequest(REPO, { head: "plan/x", title: "Add plan x", files: { ".github/rollouts/x.yml": "description: X\n", "README.md": "# web!\n" } });
    const got = await world.app.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(got.data).toMatchObject({ number: pull.number, state: "open", merged: false, head: { ref: "plan/x", sha: pull.headSha }, base: { ref: "main" }, user: { login: "quinn" } });
    const files = await world.app.rest.pulls.listFiles({ ...repo, pull_number: pull.number });
    expect(files.data.map((f) => [f.filename, f.status])).toEqual([
      [".github/rollouts/x.yml", "added"],
      ["README.md", "modified"],
    ]);
    const byHead = await world.app.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: pull.headSha });
    expect(byHead.data.map((p) => p.number)).toEqual([pull.number]);
    const { value: merge } = await world.emulator.as("quinn").merge(REPO, pull.number);
    const byMerge = await world.app.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: merge.sha });
    expect(byMerge.data.map((p) => [p.number, p.merged_at !== null])).toEqual([[pull.number, true]]);
    expect((await world.app.rest.pulls.get({ ...repo, pull_number: pull.number })).data.merged).toBe(true);
    expect(world.emulator.readFile(REPO, ".github/rollouts/x.yml")).toBe("description: X\n");
  });
});

describe("people", () => {
  it("answers collaborator permission with the legacy level and the real role name", async () => {
    const answers: Record<string, [string, string]> = {};
    for (const login of ["ada", "mia", "quinn", "tara", "rita", "nobody"]) {
      const { data } = await world.app.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
      answers[login] = [data.permission, data.role_name];
      expect(data.user?.login).toBe(login);
    }
    expect(answers).toEqual({ ada: ["admin", "admin"], mia: ["write", "maintain"], quinn: ["write", "write"], tara: ["read", "triage"], rita: ["read", "read"], nobody: ["none", "none"] });
  });

  it("marks authors as org members or collaborators, and shows people their repository permissions", async () => {
    world.emulator.setRole(REPO, "lee", "triage");
    const lee = world.client(world.emulator.createUserToken("lee"));
    const byLee = await lee.rest.issues.create({ ...repo, title: "by an org member" });
    const byQuinn = await world.quinn.rest.issues.create({ ...repo, title: "by a collaborator" });
    expect([byLee.data.author_association, byQuinn.data.author_association]).toEqual(["MEMBER", "COLLABORATOR"]);
    const seen = await world.quinn.rest.repos.get(repo);
    expect(seen.data.permissions).toEqual({ admin: false, maintain: false, push: true, triage: true, pull: true });
  });

  it("answers team membership: active, pending invitation, or 404 for non-members", async () => {
    const member = await world.app.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "eng-leads", username: "lee" });
    expect(member.data).toMatchObject({ state: "active", role: "member" });
    const invited = await world.app.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "eng-leads", username: "newbie" });
    expect(invited.data.state).toBe("pending");
    expect(await statusOf(world.app.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "eng-leads", username: "omar" }))).toBe(404);
  });

  it("refuses team membership to a workflow token, which lacks the members permission", async () => {
    expect(await statusOf(world.actions.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "eng-leads", username: "lee" }))).toBe(403);
  });

  it("lists a team's active members, without pending invitations; a workflow token is answered 404", async () => {
    const members = await world.app.rest.teams.listMembersInOrg({ org: "acme", team_slug: "eng-leads" });
    expect(members.data.map((m) => m.login)).toEqual(["lee"]);
    expect(await statusOf(world.app.rest.teams.listMembersInOrg({ org: "acme", team_slug: "no-such-team" }))).toBe(404);
    expect(await statusOf(world.actions.rest.teams.listMembersInOrg({ org: "acme", team_slug: "eng-leads" }))).toBe(404);
  });
});

describe("what Probot itself calls", () => {
  it("exchanges the app's JWT for an installation token, finds the installation, reads config raw", async () => {
    const { id, privateKey } = world.emulator.app;
    const asApp = new ProbotOctokit({ auth: { appId: id, privateKey }, baseUrl: world.emulator.baseUrl });
    const me = await asApp.request("GET /app");
    expect(me.data).toMatchObject({ id, slug: "stagegate" });
    const inst = await asApp.request("GET /repos/{owner}/{repo}/installation", repo);
    expect(inst.data.id).toBe(world.installationId);
    const asInstallation = new ProbotOctokit({ auth: { appId: id, privateKey, installationId: world.installationId }, baseUrl: world.emulator.baseUrl });
    const config = await asInstallation.config.get({ ...repo, path: ".github/stagegate.yml" });
    expect(config.config).toEqual({ roles: { "qa-lead": { users: ["quinn"] } } });
    expect(world.emulator.requests.count({ route: "POST /app/installations/{installation_id}/access_tokens" })).toBe(1);
  });

  it("rejects a JWT signed by another key and an unknown token", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const forged = new ProbotOctokit({ auth: { appId: world.emulator.app.id, privateKey: stranger }, baseUrl: world.emulator.baseUrl, retry: { enabled: false } });
    expect(await statusOf(forged.request("GET /app"))).toBe(401);
    expect(await statusOf(world.client("ghs_unknown").rest.repos.get(repo))).toBe(401);
    // GET /app answers only to the app's JWT, not to an installation token.
    expect(await statusOf(world.app.rest.apps.getAuthenticated())).toBe(401);
  });
});
