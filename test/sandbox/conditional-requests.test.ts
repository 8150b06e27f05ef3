// Conditional requests as GitHub answers them: an ETag on every successful GET, 304 Not Modified
// with no body for a request naming the current ETag, and no charge to the rate limit for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, REPO, type World } from "./world.js";

describe("conditional requests", () => {
  let world: World;
  let token: string;
  beforeAll(async () => {
    world = await createWorld();
    token = world.emulator.createInstallationToken(world.installationId);
  });
  afterAll(() => world.emulator.close());

  const get = (path: string, headers: Record<string, string> = {}, auth = token) => fetch(`${world.emulator.baseUrl}${path}`, { headers: { authorization: `token ${auth}`, accept: "application/vnd.github+json", ...headers } });
  const SETTINGS = `/repos/${REPO}/contents/.github%2Fstagegate.yml`;

  it("answers 304 without a body, and without charging the rate limit, while nothing changed", async () => {
    const first = await get(SETTINGS);
    const etag = first.headers.get("etag") ?? "";
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^W\/".+"$/);
    const used = Number(first.headers.get("x-ratelimit-used"));

    const again = await get(SETTINGS, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(Number(again.headers.get("x-ratelimit-used"))).toBe(used);
    expect(world.emulator.requests.all({ route: "GET /repos/{owner}/{repo}/contents/{path}" }).at(-1)?.status).toBe(304);
  });

  it("answers in full once the resource changed, with a new ETag", async () => {
    const etag = (await get(SETTINGS)).headers.get("etag") ?? "";
    await world.emulator.as("ada").push(REPO, "main", { ".github/stagegate.yml": "roles:\n  qa-lead: { users: [quinn, qiu] }\n" }, "add qiu");
    const changed = await get(SETTINGS, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("gives each caller its own ETags, as GitHub's vary with the credentials", async () => {
    const etag = (await get(SETTINGS)).headers.get("etag") ?? "";
    const other = await get(SETTINGS, { "if-none-match": etag }, world.emulator.createActionsToken(REPO));
    expect(other.status).toBe(200);
  });

  it("applies a write whatever If-None-Match says, and gives errors no ETag", async () => {
    const issue = await world.app.rest.issues.create({ owner: "acme", repo: "web", title: "Rollout: x", body: "one" });
    const path = `/repos/${REPO}/issues/${issue.data.number}`;
    const etag = (await get(path)).headers.get("etag") ?? "";
    const patched = await fetch(`${world.emulator.baseUrl}${path}`, { method: "PATCH", headers: { authorization: `token ${token}`, "if-none-match": etag, "content-type": "application/json" }, body: JSON.stringify({ body: "two" }) });
    expect(patched.status).toBe(200);
    expect((await get(path, { "if-none-match": etag })).status).toBe(200);
    expect((await get(`/repos/${REPO}/issues/99999`)).headers.get("etag")).toBeNull();
  });
});
