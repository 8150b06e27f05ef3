// The App's client asks GitHub again every time, but with the ETag of the answer it has: what
// has not changed comes back 304 (free of rate limit) and is served from that answer.
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConditionalCache, useConditionalRequests } from "../../port/conditional-requests.js";
import { OctokitGitHubPort } from "../../port/octokit-github-port.js";
import { QUIET_LOG } from "../../sandbox/github-emulator/probot.js";
import { createWorld, REPO, type World } from "../sandbox/world.js";

describe("conditional requests", () => {
  let world: World;
  let port: OctokitGitHubPort;
  let cache: ConditionalCache;
  beforeAll(async () => {
    world = await createWorld();
    const octokit = new Octokit({ auth: world.emulator.createInstallationToken(world.installationId), baseUrl: world.emulator.baseUrl, log: QUIET_LOG });
    cache = new ConditionalCache();
    useConditionalRequests(octokit, cache);
    port = new OctokitGitHubPort(octokit, { owner: "acme", repo: "web" });
  });
  afterAll(() => world.emulator.close());

  const statuses = (route: string) => world.emulator.requests.all({ route }).map((r) => r.status);

  it("serves an unchanged file from the 304 answer, and a changed one afresh", async () => {
    const route = "GET /repos/{owner}/{repo}/contents/{path}";
    const first = await port.readFile(".github/stagegate.yml", "main");
    expect(await port.readFile(".github/stagegate.yml", "main")).toEqual(first);
    expect(statuses(route)).toEqual([200, 304]);

    await world.emulator.as("ada").push(REPO, "main", { ".github/stagegate.yml": "roles:\n  qa-lead: { users: [qiu] }\n" }, "qiu takes over");
    expect((await port.readFile(".github/stagegate.yml", "main"))?.content).toContain("qiu");
    expect(statuses(route)).toEqual([200, 304, 200]);
  });

  it("keeps its copy intact when a caller reshapes what it was given (paginated lists do)", async () => {
    const head = world.emulator.repo(REPO).branches.get("main") as string;
    await port.createCheckRun({ name: "stagegate / plan", headSha: head, status: "completed", conclusion: "success", title: "ok", summary: "ok" });
    const first = await port.listCheckRuns(head);
    const again = await port.listCheckRuns(head);
    expect(again).toEqual(first);
    expect(statuses("GET /repos/{owner}/{repo}/commits/{ref}/check-runs")).toEqual([200, 304]);
  });

  it("forgets the least recently used answers past its size", async () => {
    const small = new ConditionalCache(2048);
    const response = { status: 200, url: "", headers: {}, data: null } as never;
    small.set("a", { etag: "1", response, bytes: 1024 });
    small.set("b", { etag: "2", response, bytes: 1024 });
    small.get("a");
    small.set("c", { etag: "3", response, bytes: 1024 });
    expect([small.get("a")?.etag, small.get("b"), small.get("c")?.etag]).toEqual(["1", undefined, "3"]);
  });
});
