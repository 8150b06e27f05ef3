// The emulator holds requests to GitHub's API description and its own answers to the
// documented response schemas.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGitHubDescription } from "../../sandbox/github-emulator/index.js";
import { createWorld, failure, REPO, type World } from "./world.js";

let world: World;
const repo = { owner: "acme", repo: "web" };

beforeAll(async () => {
  world = await createWorld({ checkResponses: true });
});
afterAll(() => world.emulator.close());

describe("requests outside GitHub's description", () => {
  it("rejects an unknown route with 404, saying so, and logs a violation", async () => {
    world.emulator.requests.reset();
    const error = await failure(world.app.request("GET /repos/{owner}/{repo}/rollouts", repo));
    expect(error).toMatchObject({ status: 404 });
    expect(error.message).toContain("not in GitHub's API description");
    expect(world.emulator.requests.violations().map((v) => v.violation)).toEqual(["GET /repos/acme/web/rollouts is not in GitHub's API description"]);
  });

  it("rejects an invalid body or query with 422 listing the validation errors", async () => {
    world.emulator.requests.reset();
    // Plain `request` with a route string: the typed methods would not even compile these.
    const badBody = await failure(world.app.request({ method: "POST", url: "/repos/{owner}/{repo}/check-runs", ...repo, name: "x", head_sha: "abc", status: "finished" }));
    expect(badBody.status).toBe(422);
    expect(badBody.message).toMatch(/status must be equal to one of the allowed values/);
    const badQuery = await failure(world.app.request({ method: "GET", url: "/repos/{owner}/{repo}/issues", ...repo, state: "everything" }));
    expect(badQuery.status).toBe(422);
    const violations = world.emulator.requests.violations();
    expect(violations.map((v) => v.operationId)).toEqual(["checks/create", "issues/list-for-repo"]);
  });

  it("rejects malformed JSON with 400", async () => {
    const response = await fetch(`${world.emulator.baseUrl}/repos/acme/web/issues`, {
      method: "POST",
      headers: { authorization: `token ${world.emulator.createInstallationToken(world.installationId)}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe("Problems parsing JSON");
  });

  it("answers 501 for a documented operation it does not emulate, and logs it", async () => {
    world.emulator.requests.reset();
    const error = await failure(world.app.rest.repos.listForOrg({ org: "acme" }));
    expect(error.status).toBe(501);
    expect(world.emulator.requests.violations()[0]?.violation).toContain("not emulated");
  });
});

describe("responses follow GitHub's response schemas", () => {
  it("for a sample of every kind of object the App and the Action read", async () => {
    world.emulator.requests.reset();
    const quinn = world.emulator.as("quinn");
    const { value: pull } = await quinn.openPullRequest(REPO, { head: "plan/y", title: "Plan y", files: { ".github/rollouts/y.yml": "description: Y\n" } });
    const issue = await world.app.rest.issues.create({ ...repo, title: "Rollout: y", body: "- [ ] x", labels: ["stagegate"] });
    await world.app.rest.issues.update({ ...repo, issue_number: issue.data.number, body: "- [x] x", state: "closed" });
    await world.app.rest.issues.get({ ...repo, issue_number: issue.data.number });
    await world.app.rest.issues.listForRepo({ ...repo, state: "all", labels: "stagegate" });
    const comment = await world.app.rest.issues.createComment({ ...repo, issue_number: issue.data.number, body: "hi" });
    await world.app.rest.issues.listComments({ ...repo, issue_number: issue.data.number });
    await world.app.rest.issues.updateComment({ ...repo, comment_id: comment.data.id, body: "edited" });
    await world.app.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.data.id, content: "rocket" });
    await world.app.rest.repos.get(repo);
    const file = await world.app.rest.repos.getContent({ ...repo, path: "README.md" });
    await world.app.rest.repos.getContent({ ...repo, path: ".github" });
    await world.app.rest.repos.createOrUpdateFileContents({ ...repo, path: "README.md", message: "m", content: "eA==", sha: (file.data as { sha: string }).sha });
    const run = await world.app.rest.checks.create({ ...repo, name: "plan", head_sha: pull.headSha, output: { title: "t", summary: "s", annotations: [{ path: "a.yml", start_line: 1, end_line: 1, annotation_level: "failure", message: "bad" }] } });
    await world.app.rest.checks.update({ ...repo, check_run_id: run.data.id, conclusion: "failure" });
    await world.app.rest.checks.listForRef({ ...repo, ref: pull.headSha });
    await world.app.rest.checks.listAnnotations({ ...repo, check_run_id: run.data.id });
    await world.app.rest.pulls.get({ ...repo, pull_number: pull.number });
    await world.app.rest.pulls.listFiles({ ...repo, pull_number: pull.number });
    await world.app.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: pull.headSha });
    await world.app.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "quinn" });
    await world.app.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "eng-leads", username: "lee" });
    await world.app.rest.repos.getBranch({ ...repo, branch: "main" });

    const checked = world.emulator.requests.all();
    expect(checked.length).toBeGreaterThanOrEqual(20);
    expect(world.emulator.requests.nonConformingResponses().map((e) => ({ route: e.route, problems: e.responseProblems }))).toEqual([]);
  });

  it("a response missing documented fields is caught by the same check", async () => {
    const description = await loadGitHubDescription();
    expect(description.validateResponse("issues/get", 200, { number: 1, title: "t" })).toContain("(root) must have required property 'id'");
  });
});

describe("loading the description", () => {
  // How long it takes belongs in `npm run bench`, not in a test that a loaded machine would fail.
  it("is done once per process", async () => {
    const first = await loadGitHubDescription();
    expect(await loadGitHubDescription()).toBe(first);
    expect(first.operationCount).toBeGreaterThan(1000);
  });
});
