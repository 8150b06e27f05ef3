import { Octokit } from "@octokit/rest";
import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CheckAnnotation } from "../../port/github-port.js";
import { OctokitGitHubPort } from "../../port/octokit-github-port.js";

const API = "https://api.github.com";
const repo = { owner: "acme", repo: "web" };

// Probot's own client, with its retry plugin ON (as in production) but fast, so a test can
// prove which answers are and are not retried.
function probotOctokit() {
  return new ProbotOctokit({ auth: { token: "test" }, throttle: { enabled: false }, retry: { retryAfterBaseValue: 1 } });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("files", () => {
  it("reads and decodes a file with its sha, and answers null for a missing one", async () => {
    nock(API)
      .get("/repos/acme/web/contents/.github%2Fstagegate.yml")
      .query({ ref: "main" })
      .reply(200, { type: "file", encoding: "base64", content: Buffer.from("roles: {}\n").toString("base64"), sha: "abc", path: ".github/stagegate.yml" })
      .get("/repos/acme/web/contents/missing.yml")
      .reply(404, { message: "Not Found" });
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    expect(await port.readFile(".github/stagegate.yml", "main")).toEqual({ content: "roles: {}\n", sha: "abc" });
    expect(await port.readFile("missing.yml")).toBeNull();
  });

  it("lists only the files of a folder, and nothing for a missing folder", async () => {
    nock(API)
      .get("/repos/acme/web/contents/.github%2Frollouts")
      .reply(200, [
        { type: "file", path: ".github/rollouts/a.yml", sha: "1" },
        { type: "dir", path: ".github/rollouts/state", sha: "2" },
      ])
      .get("/repos/acme/web/contents/nothing")
      .reply(404, { message: "Not Found" });
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    expect(await port.listFiles(".github/rollouts")).toEqual([{ path: ".github/rollouts/a.yml", sha: "1" }]);
    expect(await port.listFiles("nothing")).toEqual([]);
  });

  it("commits with the expected sha and reports the new shas", async () => {
    let sent: Record<string, unknown> = {};
    nock(API)
      .put("/repos/acme/web/contents/state.yml", (body: Record<string, unknown>) => ((sent = body), true))
      .reply(200, { commit: { sha: "c1" }, content: { sha: "f1" } });
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    const result = await port.commitFile({ path: "state.yml", content: "stage: beta\n", message: "Promote", expectedSha: "f0", branch: "main" });
    expect(result).toEqual({ ok: true, commitSha: "c1", fileSha: "f1" });
    expect(sent).toMatchObject({ sha: "f0", branch: "main", message: "Promote", content: Buffer.from("stage: beta\n").toString("base64") });
  });

  it("reports a stale sha (409) as a conflict after exactly one request, despite Probot's retry plugin", async () => {
    const scope = nock(API).put("/repos/acme/web/contents/state.yml").reply(409, { message: "state.yml does not match f0" });
    // Were the write retried, this second answer would turn the conflict into a success.
    nock(API).put("/repos/acme/web/contents/state.yml").reply(200, { commit: { sha: "c1" }, content: { sha: "f1" } });
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    const result = await port.commitFile({ path: "state.yml", content: "x", message: "m", expectedSha: "f0", branch: "main" });
    expect(result).toEqual({ ok: false, conflict: true });
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toHaveLength(1);
    nock.cleanAll();
  });

  it("reports a missing or mismatched sha (422) as a conflict, and other 422s as errors", async () => {
    nock(API)
      .put("/repos/acme/web/contents/state.yml")
      .reply(422, { message: 'Invalid request.\n\n"sha" wasn\'t supplied.' })
      .put("/repos/acme/web/contents/state.yml")
      .reply(422, { message: "Invalid request. content is not valid Base64" });
    const port = new OctokitGitHubPort(new Octokit({ auth: "t", log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } }), repo);
    const input = { path: "state.yml", content: "x", message: "m", expectedSha: null, branch: "main" };
    expect(await port.commitFile(input)).toEqual({ ok: false, conflict: true });
    await expect(port.commitFile(input)).rejects.toMatchObject({ status: 422 });
  });
});

describe("issues", () => {
  it("follows pagination and leaves pull requests out of the labeled issues", async () => {
    const issue = (number: number, extra: object = {}) => ({ number, title: `#${number}`, body: null, state: "open", html_url: `https://github.com/acme/web/issues/${number}`, ...extra });
    nock(API)
      .get("/repos/acme/web/issues")
      .query((q) => q.labels === "stagegate" && q.state === "all" && !q.page)
      .reply(200, [issue(3), issue(2, { pull_request: {} })], { link: `<${API}/repos/acme/web/issues?labels=stagegate&state=all&page=2>; rel="next"` })
      .get("/repos/acme/web/issues")
      .query((q) => q.page === "2")
      .reply(200, [issue(1, { state: "closed" })]);
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    const issues = await port.listIssuesWithLabel("stagegate");
    expect(issues.map((i) => [i.number, i.state, i.body])).toEqual([
      [3, "open", ""],
      [1, "closed", ""],
    ]);
  });
});

describe("check runs", () => {
  const annotation = (n: number): CheckAnnotation => ({ path: "plan.yml", start_line: n, end_line: n, annotation_level: "failure", message: `problem ${n}` });
  const run = { id: 7, name: "stagegate / plan", head_sha: "h", status: "completed", conclusion: "failure", external_id: "", app: { id: 1 }, output: { title: "t", summary: "s", text: null } };

  it("sends 120 annotations as a create with 50 and two updates with 50 and 20", async () => {
    const batches: number[] = [];
    const count = (body: { output?: { annotations?: unknown[]; title?: string; summary?: string } }) => {
      batches.push(body.output?.annotations?.length ?? 0);
      return body.output?.title === "3 problems" && body.output.summary === "sum";
    };
    nock(API).post("/repos/acme/web/check-runs", count).reply(201, run).patch("/repos/acme/web/check-runs/7", count).times(2).reply(200, run);
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    const created = await port.createCheckRun({
      name: "stagegate / plan",
      headSha: "h",
      status: "completed",
      conclusion: "failure",
      title: "3 problems",
      summary: "sum",
      annotations: Array.from({ length: 120 }, (_, i) => annotation(i + 1)),
    });
    expect(batches).toEqual([50, 50, 20]);
    expect(created).toMatchObject({ id: 7, appId: 1, externalId: null, conclusion: "failure" });
  });

  it("keeps the current title and summary when an update changes only the text", async () => {
    let output: unknown;
    nock(API)
      .get("/repos/acme/web/check-runs/7")
      .reply(200, run)
      .patch("/repos/acme/web/check-runs/7", (body: { output: unknown }) => ((output = body.output), true))
      .reply(200, run);
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    await port.updateCheckRun(7, { text: "details" });
    expect(output).toEqual({ title: "t", summary: "s", text: "details" });
  });

  it("lists the runs of a commit across pages", async () => {
    nock(API)
      .get("/repos/acme/web/commits/h/check-runs")
      .query((q) => !q.page)
      .reply(200, { total_count: 2, check_runs: [run] }, { link: `<${API}/repos/acme/web/commits/h/check-runs?page=2>; rel="next"` })
      .get("/repos/acme/web/commits/h/check-runs")
      .query({ page: "2" })
      .reply(200, { total_count: 2, check_runs: [{ ...run, id: 8, external_id: "signoff/security", status: "in_progress", conclusion: null }] });
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    const runs = await port.listCheckRuns("h");
    expect(runs.map((r) => [r.id, r.externalId, r.status])).toEqual([
      [7, null, "completed"],
      [8, "signoff/security", "in_progress"],
    ]);
  });
});

describe("people", () => {
  it("counts only active team memberships: pending invitations and non-members are not members", async () => {
    nock(API)
      .get("/orgs/acme/teams/sre/memberships/olive")
      .reply(200, { state: "active", role: "member" })
      .get("/orgs/acme/teams/sre/memberships/ivan")
      .reply(200, { state: "pending", role: "member" })
      .get("/orgs/acme/teams/sre/memberships/mallory")
      .reply(404, { message: "Not Found" });
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    expect(await port.isActiveTeamMember("acme", "sre", "olive")).toBe(true);
    expect(await port.isActiveTeamMember("acme", "sre", "ivan")).toBe(false);
    expect(await port.isActiveTeamMember("acme", "sre", "mallory")).toBe(false);
  });

  it("reads permission with the real role name, and none for strangers", async () => {
    nock(API)
      .get("/repos/acme/web/collaborators/mia/permission")
      .reply(200, { permission: "write", role_name: "maintain" })
      .get("/repos/acme/web/collaborators/nobody/permission")
      .reply(404, { message: "Not Found" });
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    expect(await port.permission("mia")).toEqual({ permission: "write", roleName: "maintain" });
    expect(await port.permission("nobody")).toEqual({ permission: "none", roleName: "none" });
  });
});

describe("history", () => {
  it("asks for one commit of the branch that changed the path, and answers null when none did or the repository is empty", async () => {
    nock(API)
      .get("/repos/acme/web/commits")
      .query({ sha: "main", path: ".github/rollouts/editor.yml", per_page: "1" })
      .reply(200, [{ sha: "c9", author: { login: "ana" }, committer: { login: "web-flow" }, commit: { message: "Edit", verification: { verified: true } } }])
      .get("/repos/acme/web/commits")
      .query({ sha: "main", path: "never.yml", per_page: "1" })
      .reply(200, [])
      .get("/repos/acme/web/commits")
      .query(true)
      .reply(409, { message: "Git Repository is empty." });
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    expect(await port.lastCommitTouching(".github/rollouts/editor.yml", "main")).toEqual({ sha: "c9", authorLogin: "ana", committerLogin: "web-flow", message: "Edit", verified: true });
    expect(await port.lastCommitTouching("never.yml", "main")).toBeNull();
    // Probot's retry plugin would ask three more times for the 409; a plain client asks once.
    const plain = new OctokitGitHubPort(new Octokit({ auth: "t", log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } }), repo);
    expect(await plain.lastCommitTouching("any.yml", "main")).toBeNull();
  });

  it("lets a GitHub failure through rather than saying no commit changed the path", async () => {
    nock(API).get("/repos/acme/web/commits").query(true).reply(403, { message: "Resource not accessible by integration" });
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    await expect(port.lastCommitTouching(".github/rollouts/editor.yml", "main")).rejects.toMatchObject({ status: 403 });
  });
});

describe("pull requests", () => {
  it("tells merged pull requests from the list endpoint by merged_at", async () => {
    nock(API)
      .get("/repos/acme/web/commits/m1/pulls")
      .query(true)
      .reply(200, [{ number: 4, state: "closed", merged_at: "2026-12-01T00:00:00Z", head: { sha: "h", ref: "plan" }, base: { ref: "main" }, user: { login: "pam" } }]);
    const port = new OctokitGitHubPort(probotOctokit(), repo);
    expect(await port.listPullRequestsForCommit("m1")).toEqual([{ number: 4, state: "closed", merged: true, headSha: "h", headRef: "plan", baseRef: "main", author: "pam" }]);
  });
});
