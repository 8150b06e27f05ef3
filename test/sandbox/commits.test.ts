// GET /repos/{owner}/{repo}/commits on the emulator, through an unmodified @octokit/rest client:
// the order git log gives, the path filter with git's history simplification (how the Action
// finds the pull request that last changed a plan), and GitHub's answers to bad refs.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, REPO, statusOf, type World } from "./world.js";

let world: World;
const repo = { owner: "acme", repo: "web" };
const HOUR = 3_600_000;
const PLAN = ".github/rollouts/x.yml";
let shas: { initial: string; readme: string; plan: string; readmeAgain: string; merge: string; removal: string; notes: string };
let pullNumber: number;

beforeAll(async () => {
  world = await createWorld({ now: "2026-12-01T09:00:00Z" });
  const quinn = world.emulator.as("quinn");
  const initial = world.emulator.repo(REPO).branches.get("main") as string;
  world.emulator.clock.advance(HOUR);
  const readme = await quinn.push(REPO, "main", { "README.md": "# web, v2\n" }, "Say v2");
  world.emulator.clock.advance(HOUR);
  const { value: pull } = await quinn.openPullRequest(REPO, { head: "plan/x", title: "Roll out x", files: { [PLAN]: "description: X\n" } });
  world.emulator.clock.advance(HOUR);
  const readmeAgain = await quinn.push(REPO, "main", { "README.md": "# web, v3\n" }, "Say v3");
  world.emulator.clock.advance(HOUR);
  const merge = await quinn.merge(REPO, pull.number);
  world.emulator.clock.advance(HOUR);
  const added = await quinn.push(REPO, "main", { "notes.txt": "n\n" }, "Add notes");
  world.emulator.clock.advance(HOUR);
  const removed = await quinn.push(REPO, "main", { "notes.txt": null }, "Remove notes");
  pullNumber = pull.number;
  shas = { initial, readme: readme.value.sha, plan: pull.headSha, readmeAgain: readmeAgain.value.sha, merge: merge.value.sha, removal: removed.value.sha, notes: added.value.sha };
});

afterAll(async () => {
  expect(world.emulator.requests.violations()).toEqual([]);
  expect(world.emulator.requests.nonConformingResponses().map((e) => ({ route: e.route, problems: e.responseProblems }))).toEqual([]);
  await world.emulator.close();
});

const list = async (params: { sha?: string; path?: string; per_page?: number; page?: number; author?: string; since?: string; until?: string }) =>
  (await world.quinn.rest.repos.listCommits({ ...repo, ...params })).data.map((c) => c.sha);

describe("listing commits", () => {
  it("starts at the default branch, newest first, each parent after its children", async () => {
    const all = await list({});
    expect(all[0]).toBe(shas.removal);
    expect(all.indexOf(shas.merge)).toBeLessThan(all.indexOf(shas.readmeAgain));
    expect(all.indexOf(shas.readmeAgain)).toBeLessThan(all.indexOf(shas.plan));
    expect(all.indexOf(shas.plan)).toBeLessThan(all.indexOf(shas.readme));
    expect(all.at(-1)).toBe(shas.initial);
    expect(all).toHaveLength(7);
  });

  it("starts at another branch or commit when asked", async () => {
    expect(await list({ sha: "plan/x" })).toEqual([shas.plan, shas.readme, shas.initial]);
    expect(await list({ sha: shas.readme })).toEqual([shas.readme, shas.initial]);
  });

  it("pages with per_page and a Link header", async () => {
    const first = await world.quinn.rest.repos.listCommits({ ...repo, per_page: 2 });
    expect(first.data.map((c) => c.sha)).toEqual((await list({})).slice(0, 2));
    expect(first.headers.link).toMatch(/rel="next"/);
    expect(await list({ per_page: 2, page: 4 })).toEqual([shas.initial]);
  });

  it("answers a file's commits with the commit of the pull request that changed it, not the merge", async () => {
    expect(await list({ path: PLAN })).toEqual([shas.plan]);
    const pulls = await world.quinn.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: shas.plan });
    expect(pulls.data.map((p) => [p.number, p.merged_at !== null, p.base.ref])).toEqual([[pullNumber, true, "main"]]);
  });

  it("follows the branch that kept a file as it was through a merge", async () => {
    expect(await list({ path: "README.md" })).toEqual([shas.readmeAgain, shas.readme, shas.initial]);
  });

  it("lists the commit that deleted a file, and commits under a folder", async () => {
    expect(await list({ path: "notes.txt" })).toEqual([shas.removal, shas.notes]);
    expect(await list({ path: ".github/rollouts/" })).toEqual([shas.plan, shas.initial]);
  });

  it("answers an empty list for a path no commit touched", async () => {
    expect(await list({ path: ".github/rollouts/state/x.yml" })).toEqual([]);
  });

  it("filters by author and by committer date, both bounds inclusive", async () => {
    expect(await list({ author: "quinn", path: "README.md" })).toEqual([shas.readmeAgain, shas.readme]);
    expect(await list({ since: "2026-12-01T10:00:00Z", until: "2026-12-01T12:00:00Z" })).toEqual([shas.readmeAgain, shas.plan, shas.readme]);
  });

  it("answers 404 for a ref that does not exist", async () => {
    expect(await statusOf(world.quinn.rest.repos.listCommits({ ...repo, sha: "no-such-branch" }))).toBe(404);
  });
});
