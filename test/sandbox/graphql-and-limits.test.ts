// The emulator's GraphQL endpoint refuses what GitHub's schema refuses and charges points as
// GitHub documents; tokens are held to 100 requests in flight and the workflow token to its
// hourly budgets.
import { afterEach, describe, expect, it } from "vitest";
import { createClock } from "../../sandbox/github-emulator/clock.js";
import { RateLimits } from "../../sandbox/github-emulator/rate-limits.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";

let emulator: RunningEmulator | null = null;
afterEach(async () => {
  await emulator?.close();
  emulator = null;
});

async function query(token: string, text: string): Promise<{ status: number; body: { data?: unknown; errors?: Array<{ message: string; type?: string }> }; headers: Headers }> {
  const response = await fetch(`${emulator?.baseUrl}/graphql`, { method: "POST", headers: { authorization: `token ${token}`, "content-type": "application/json" }, body: JSON.stringify({ query: text }) });
  return { status: response.status, body: (await response.json()) as never, headers: response.headers };
}

describe("POST /graphql", () => {
  it("answers files, folders and history, and charges points by connection", async () => {
    emulator = await startEmulator();
    emulator.addRepo("acme", "app", { files: { "a/one.yml": "x: 1\n", "a/sub/two.yml": "y: 2\n" } });
    const token = emulator.createActionsToken("acme/app");
    const answer = await query(token, `query { repository(owner: "acme", name: "app") { one: object(expression: "main:a/one.yml") { ... on Blob { text oid } } dir: object(expression: "main:a") { ... on Tree { entries { path type } } } head: object(expression: "main") { ... on Commit { h1: history(path: "a/one.yml", first: 1) { nodes { message } } h2: history(path: "a/sub/two.yml", first: 1) { nodes { message } } } } } rateLimit { cost used } }`);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toMatchObject({
      repository: { one: { text: "x: 1\n" }, dir: { entries: [{ path: "a/one.yml", type: "blob" }, { path: "a/sub", type: "tree" }] }, head: { h1: { nodes: [{ message: "Initial commit" }] }, h2: { nodes: [{ message: "Initial commit" }] } } },
      rateLimit: { cost: 1, used: 1 },
    });
    expect(answer.headers.get("x-ratelimit-resource")).toBe("graphql");
    expect(emulator.requests.violations()).toEqual([]);
  });

  it("refuses a field GitHub's schema does not have, and a connection over 100, as violations", async () => {
    emulator = await startEmulator();
    emulator.addRepo("acme", "app");
    const token = emulator.createActionsToken("acme/app");
    const unknown = await query(token, `query { repository(owner: "acme", name: "app") { noSuchField } }`);
    expect(unknown.body.errors?.[0]?.message).toMatch(/Cannot query field "noSuchField" on type "Repository"/);
    const wide = await query(token, `query { repository(owner: "acme", name: "app") { issues(first: 101) { totalCount } } }`);
    expect(wide.body.errors?.[0]?.message).toMatch(/101 records/);
    expect(emulator.requests.violations()).toHaveLength(2);
  });
});

describe("rate limits", () => {
  it("let no token have more than 100 requests in flight at once", () => {
    const limits = new RateLimits(createClock("2026-12-01T00:00:00Z"));
    const admitted = Array.from({ length: 101 }, () => limits.enter("actions:acme/app"));
    expect(admitted.filter((ok) => ok)).toHaveLength(100);
    expect(admitted.at(-1)).toBe(false);
    expect(limits.enter("installation:1")).toBe(true);
    limits.leave("actions:acme/app");
    limits.leave("actions:acme/app");
    expect(limits.enter("actions:acme/app")).toBe(true);
  });

  it("hold the workflow token to 1,000 REST requests an hour of the emulator clock", () => {
    const clock = createClock("2026-12-01T00:00:00Z");
    const limits = new RateLimits(clock);
    for (let i = 0; i < 1000; i++) limits.chargeRest("actions:acme/app");
    expect(limits.restAllowed("actions:acme/app")).toBe(false);
    expect(limits.restAllowed("installation:1")).toBe(true);
    clock.advance(3_600_000);
    expect(limits.restAllowed("actions:acme/app")).toBe(true);
  });

  it("refuse a GraphQL query over the workflow token's hourly points", async () => {
    emulator = await startEmulator();
    emulator.addRepo("acme", "app");
    const token = emulator.createActionsToken("acme/app");
    emulator.limits.chargeGraphQL("actions:acme/app", 1000);
    const answer = await query(token, `query { repository(owner: "acme", name: "app") { name } }`);
    expect(answer.body.errors?.[0]).toMatchObject({ type: "RATE_LIMITED" });
    expect(emulator.requests.violations()).toHaveLength(1);
  });
});
