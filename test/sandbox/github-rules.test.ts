// The rules GitHub enforces that stagegate relies on: compare-and-swap on file writes,
// check-run ownership and limits, who may do what, and pagination.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS_APP_ID } from "../../sandbox/github-emulator/index.js";
import { createWorld, REPO, statusOf, type World } from "./world.js";

let world: World;
const repo = { owner: "acme", repo: "web" };
const b64 = (s: string) => Buffer.from(s).toString("base64");

beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.emulator.close());

describe("contents API compare-and-swap", () => {
  it("answers 409 to a stale sha and 422 to a missing sha on an existing file, changing nothing", async () => {
    const path = "config/rollouts/cas.yml";
    const v1 = await world.app.rest.repos.createOrUpdateFileContents({ ...repo, path, message: "v1", content: b64("v: 1\n") });
    const staleSha = v1.data.content?.sha as string;
    await world.app.rest.repos.createOrUpdateFileContents({ ...repo, path, message: "v2", content: b64("v: 2\n"), sha: staleSha });
    const head = world.emulator.repo(REPO).branches.get("main");
    expect(await statusOf(world.app.rest.repos.createOrUpdateFileContents({ ...repo, path, message: "v3 from stale", content: b64("v: 3\n"), sha: staleSha }))).toBe(409);
    expect(await statusOf(world.app.rest.repos.createOrUpdateFileContents({ ...repo, path, message: "v3 blind", content: b64("v: 3\n") }))).toBe(422);
    expect(world.emulator.readFile(REPO, path)).toBe("v: 2\n");
    expect(world.emulator.repo(REPO).branches.get("main")).toBe(head);
  });

  it("answers 409 to a sha for a file that does not exist yet", async () => {
    expect(await statusOf(world.app.rest.repos.createOrUpdateFileContents({ ...repo, path: "never.yml", message: "m", content: b64("x"), sha: "0".repeat(40) }))).toBe(409);
  });

  it("writes to another branch without touching the default branch, and reads it back by ref", async () => {
    await world.emulator.as("quinn").push(REPO, "feature", { "f.txt": "one" }, "Start feature");
    const read = await world.app.rest.repos.getContent({ ...repo, path: "f.txt", ref: "feature" });
    await world.app.rest.repos.createOrUpdateFileContents({ ...repo, path: "f.txt", message: "two", content: b64("two"), sha: (read.data as { sha: string }).sha, branch: "feature" });
    expect(world.emulator.readFile(REPO, "f.txt", "feature")).toBe("two");
    expect(world.emulator.readFile(REPO, "f.txt")).toBeNull();
  });

  it("refuses writes from a person with read access only", async () => {
    const rita = world.client(world.emulator.createUserToken("rita"));
    expect(await statusOf(rita.rest.repos.createOrUpdateFileContents({ ...repo, path: "r.txt", message: "m", content: b64("r") }))).toBe(403);
  });
});

describe("check runs", () => {
  const head = () => world.emulator.repo(REPO).branches.get("main") as string;

  it("only the app that created a run may update it", async () => {
    const ours = await world.app.rest.checks.create({ ...repo, name: "stagegate / plan", head_sha: head(), status: "in_progress" });
    const theirs = await world.actions.rest.checks.create({ ...repo, name: "stagegate / plan", head_sha: head(), status: "in_progress" });
    expect(theirs.data.app?.id).toBe(ACTIONS_APP_ID);
    expect(await statusOf(world.actions.rest.checks.update({ ...repo, check_run_id: ours.data.id, conclusion: "success" }))).toBe(403);
    expect(await statusOf(world.app.rest.checks.update({ ...repo, check_run_id: theirs.data.id, conclusion: "failure" }))).toBe(403);
    const listed = await world.app.rest.checks.listForRef({ ...repo, ref: head(), check_name: "stagegate / plan" });
    expect(listed.data.check_runs.map((r) => [r.app?.id, r.status])).toEqual([
      [ACTIONS_APP_ID, "in_progress"],
      [world.emulator.app.id, "in_progress"],
    ]);
  });

  it("refuses check runs from a person's token", async () => {
    expect(await statusOf(world.quinn.rest.checks.create({ ...repo, name: "x", head_sha: head() }))).toBe(403);
  });

  it("enforces GitHub's limits: 50 annotations per request, summary length, details_url for action_required", async () => {
    const annotation = { path: "a.yml", start_line: 1, end_line: 1, annotation_level: "failure" as const, message: "m" };
    const tooMany = Array.from({ length: 51 }, () => annotation);
    expect(await statusOf(world.app.rest.checks.create({ ...repo, name: "a", head_sha: head(), output: { title: "t", summary: "s", annotations: tooMany } }))).toBe(422);
    expect(await statusOf(world.app.rest.checks.create({ ...repo, name: "a", head_sha: head(), output: { title: "t", summary: "s".repeat(65_536) } }))).toBe(422);
    expect(await statusOf(world.app.rest.checks.create({ ...repo, name: "a", head_sha: head(), conclusion: "action_required", output: { title: "t", summary: "s" } }))).toBe(422);
    const run = await world.app.rest.checks.create({ ...repo, name: "a", head_sha: head(), output: { title: "t", summary: "s", annotations: tooMany.slice(0, 50) } });
    const more = await world.app.rest.checks.update({ ...repo, check_run_id: run.data.id, output: { title: "t", summary: "s", annotations: tooMany.slice(0, 20) } });
    expect(more.data.output.annotations_count).toBe(70);
    const all = await world.app.paginate(world.app.rest.checks.listAnnotations, { ...repo, check_run_id: run.data.id, per_page: 50 });
    expect(all).toHaveLength(70);
  });

  it("refuses a head sha the repository does not have", async () => {
    expect(await statusOf(world.app.rest.checks.create({ ...repo, name: "a", head_sha: "f".repeat(40) }))).toBe(422);
  });
});

describe("who may do what", () => {
  it("hides a private repository from people without a role and from other installations' tokens", async () => {
    const nobody = world.client(world.emulator.createUserToken("nobody"));
    expect(await statusOf(nobody.rest.repos.get(repo))).toBe(404);
    world.emulator.addRepo("globex", "site");
    const elsewhere = world.emulator.installApp({ account: "globex" });
    const globex = world.client(world.emulator.createInstallationToken(elsewhere.id));
    expect(await statusOf(globex.rest.issues.listForRepo(repo))).toBe(404);
  });

  it("limits an installation to the permissions it was granted", async () => {
    const other = world.emulator.addApp({ slug: "reader" });
    const inst = world.emulator.installApp({ account: "acme", appId: other.id, permissions: { metadata: "read", issues: "read" } });
    const reader = world.client(world.emulator.createInstallationToken(inst.id));
    expect((await reader.rest.issues.listForRepo(repo)).status).toBe(200);
    expect(await statusOf(reader.rest.issues.create({ ...repo, title: "no" }))).toBe(403);
    expect(await statusOf(reader.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: "omar" }))).toBe(403);
  });

  it("lets only the author or triagers edit an issue body", async () => {
    const issue = await world.quinn.rest.issues.create({ ...repo, title: "by quinn", body: "a" });
    const rita = world.client(world.emulator.createUserToken("rita"));
    expect(await statusOf(rita.rest.issues.update({ ...repo, issue_number: issue.data.number, body: "b" }))).toBe(403);
    const tara = world.client(world.emulator.createUserToken("tara"));
    expect((await tara.rest.issues.update({ ...repo, issue_number: issue.data.number, body: "c" })).data.body).toBe("c");
    await expect(world.emulator.as("rita").editIssueBody(REPO, issue.data.number, "d")).rejects.toThrow(/triage/);
  });

  it("refuses an issue body over 65,536 characters", async () => {
    expect(await statusOf(world.app.rest.issues.create({ ...repo, title: "long", body: "x".repeat(65_537) }))).toBe(422);
  });
});

describe("pagination", () => {
  it("pages with per_page/page and a Link header that Octokit's paginate follows", async () => {
    for (let i = 0; i < 7; i++) await world.app.rest.issues.create({ ...repo, title: `paged ${i}`, labels: ["paged"] });
    const first = await world.app.rest.issues.listForRepo({ ...repo, labels: "paged", per_page: 3 });
    expect(first.data.map((i) => i.title)).toEqual(["paged 6", "paged 5", "paged 4"]);
    expect(first.headers.link).toMatch(/page=2>; rel="next"/);
    expect(first.headers.link).toMatch(/page=3>; rel="last"/);
    const third = await world.app.rest.issues.listForRepo({ ...repo, labels: "paged", per_page: 3, page: 3 });
    expect(third.data.map((i) => i.title)).toEqual(["paged 0"]);
    expect(third.headers.link).not.toMatch(/rel="next"/);
    const all = await world.app.paginate(world.app.rest.issues.listForRepo, { ...repo, labels: "paged", per_page: 2 });
    expect(all).toHaveLength(7);
  });

  it("pages check runs under check_runs with the total count", async () => {
    const sha = world.emulator.repo(REPO).branches.get("main") as string;
    for (let i = 0; i < 4; i++) await world.app.rest.checks.create({ ...repo, name: `paged ${i}`, head_sha: sha });
    const page = await world.app.rest.checks.listForRef({ ...repo, ref: sha, per_page: 2 });
    expect(page.data.check_runs).toHaveLength(2);
    expect(page.data.total_count).toBeGreaterThanOrEqual(4);
    const all = await world.app.paginate(world.app.rest.checks.listForRef, { ...repo, ref: sha, per_page: 2 });
    expect(all.length).toBe(page.data.total_count);
  });
});
