// Fault switches fail routes the way GitHub fails them; the request log counts calls per
// route and actor so tests can hold code to an API-call budget.

import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWorld, failure, statusOf, type World } from "./world.js";

let world: World;
const repo = { owner: "acme", repo: "web" };
const GET_REPO = "GET /repos/{owner}/{repo}";

beforeAll(async () => {
  world = await createWorld();
});
beforeEach(() => {
  world.emulator.faults.clear();
  world.emulator.requests.reset();
});
afterAll(() => world.emulator.close());

describe("fault switches", () => {
  it("fails the next N calls of a route with a 5xx, then recovers", async () => {
    const fault = world.emulator.faults.inject({ route: GET_REPO, status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await statusOf(world.app.rest.repos.get(repo)));
    expect(statuses).toEqual([503, 503, 0]);
    expect(fault.hits).toBe(2);
    expect(world.emulator.requests.all({ route: GET_REPO }).map((e) => e.fault)).toEqual(["status 503", "status 503", null]);
  });

  it("matches by operationId and by actor", async () => {
    world.emulator.faults.inject({ route: "repos/get", actor: "actions:acme/web", status: 500 });
    expect(await statusOf(world.app.rest.repos.get(repo))).toBe(0);
    expect(await statusOf(world.actions.rest.repos.get(repo))).toBe(500);
  });

  it("answers a secondary rate limit as GitHub does, which Octokit's throttling recognises", async () => {
    world.emulator.faults.inject({ route: "issues/create", secondaryRateLimit: { retryAfter: 7 }, times: 1 });
    const seen: number[] = [];
    const octokit = new ProbotOctokit({
      auth: { appId: world.emulator.app.id, privateKey: world.emulator.app.privateKey, installationId: world.installationId },
      baseUrl: world.emulator.baseUrl,
      throttle: {
        onSecondaryRateLimit: (retryAfter: number) => {
          seen.push(retryAfter);
          return false;
        },
        onRateLimit: () => false,
      },
      retry: { enabled: false },
    });
    const error = await failure(octokit.rest.issues.create({ ...repo, title: "x" }));
    expect(error.status).toBe(403);
    expect(error.headers["retry-after"]).toBe("7");
    expect(seen).toEqual([7]);
  });

  it("answers 429 with retry-after", async () => {
    world.emulator.faults.inject({ route: GET_REPO, status: 429, times: 1 });
    const error = await failure(world.app.rest.repos.get(repo));
    expect(error.status).toBe(429);
    expect(error.headers["retry-after"]).toBeDefined();
  });

  it("holds a request at a gate and handles it once the gate opens", async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    world.emulator.faults.inject({ route: GET_REPO, gate, times: 1 });
    let answered = false;
    const request = world.app.rest.repos.get(repo).then((r) => ((answered = true), r));
    // Other requests go through while it waits.
    await world.app.rest.issues.listForRepo(repo);
    expect(answered).toBe(false);
    open();
    expect((await request).status).toBe(200);
  });

  it("fails a seeded fraction of calls, the same calls on every run", async () => {
    const run = async () => {
      world.emulator.faults.clear();
      world.emulator.faults.inject({ route: GET_REPO, status: 502, probability: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push(await statusOf(world.app.rest.repos.get(repo)));
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failures = first.filter((s) => s === 502).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(18);
  });

  it("refuses a fault that would do nothing", () => {
    expect(() => world.emulator.faults.inject({ route: GET_REPO })).toThrow(/needs a status/);
  });
});

describe("request log", () => {
  it("counts calls per route template and per actor, and resets", async () => {
    await world.app.rest.issues.get({ ...repo, issue_number: 1 }).catch(() => undefined);
    await world.app.rest.issues.get({ ...repo, issue_number: 2 }).catch(() => undefined);
    await world.actions.rest.repos.getContent({ ...repo, path: "README.md" });
    expect(world.emulator.requests.counts()).toEqual({
      "GET /repos/{owner}/{repo}/issues/{issue_number}": 2,
      "GET /repos/{owner}/{repo}/contents/{path}": 1,
    });
    expect(world.emulator.requests.counts("route+actor")).toEqual({
      [`GET /repos/{owner}/{repo}/issues/{issue_number} installation:${world.installationId}`]: 2,
      "GET /repos/{owner}/{repo}/contents/{path} actions:acme/web": 1,
    });
    expect(world.emulator.requests.count({ actor: "actions:acme/web" })).toBe(1);
    world.emulator.requests.reset();
    expect(world.emulator.requests.count()).toBe(0);
  });

  it("sends rate-limit headers that count down per actor", async () => {
    const first = await world.actions.rest.repos.get(repo);
    const second = await world.actions.rest.repos.get(repo);
    expect(first.headers["x-ratelimit-limit"]).toBe("1000");
    expect(Number(second.headers["x-ratelimit-remaining"])).toBe(Number(first.headers["x-ratelimit-remaining"]) - 1);
  });
});
