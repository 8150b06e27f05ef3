// Errors a person can act on: a refused token names the input, a missing permission names the
// `permissions:` entry for the call that needed it, malformed `metrics-values` fails the step at
// its position, an unreadable event says where it was looked for. No stack reaches the log but as
// debug. The entry runs here as the bundle runs it (dist.test.ts runs the bundle on its own).
import { afterEach, describe, expect, it } from "vitest";
import { runActionInProcess } from "./harness.js";
import { REPO, STATE_PATH, scenario, stateAt, stateYaml, type Scenario } from "./scenario.js";

let s: Scenario;
afterEach(() => s?.close());

const errors = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("::error"));

describe("the Action's error messages", () => {
  it("says the token input was refused for Bad credentials", async () => {
    s = await scenario();
    const run = await runActionInProcess({ apiUrl: s.emulator.baseUrl, repository: REPO, token: "ghs_not-a-real-token", event: "schedule", inputs: { now: "2026-12-01T15:00:00Z" } });
    expect(run.code).toBe(1);
    expect(errors(run.stdout)).toEqual([expect.stringContaining("GitHub refused the token given as input token (Bad credentials)")]);
    expect(run.stdout).not.toMatch(/^\s+at /m);
  });

  it("says so when GitHub refuses the batched read because the token's GraphQL budget is spent", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    s.emulator.limits.chargeGraphQL(`actions:${REPO}`, 1000);
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z" } });
    expect(run.code).toBe(1);
    expect(errors(run.stdout)).toEqual([expect.stringMatching(/^::error::stagegate: .*GitHub's GraphQL API refused the batched read: API rate limit exceeded for this token \(1000 points an hour\)/)]);
    expect(s.emulator.requests.all({ method: "PUT" })).toEqual([]);
  });

  it("says where it looked for a push event it cannot read, before calling GitHub", async () => {
    s = await scenario();
    const run = await runActionInProcess({ apiUrl: s.emulator.baseUrl, repository: REPO, token: s.token, event: "push", env: { GITHUB_EVENT_PATH: "/nonexistent/event.json" } });
    expect(run.code).toBe(1);
    expect(errors(run.stdout)).toEqual([expect.stringMatching(/^::error::stagegate: cannot read the push event at GITHUB_EVENT_PATH \(ENOENT/)]);
    expect(s.emulator.requests.count()).toBe(0);
  });

  it("names the missing permission for the call that needed it", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const readOnly = s.emulator.createActionsToken(REPO, { contents: "read", issues: "write", checks: "read", "pull-requests": "read", metadata: "read" });
    const run = await runActionInProcess({ apiUrl: s.emulator.baseUrl, repository: REPO, token: readOnly, event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("the token lacks contents: write (PUT /repos/acme/player/contents/.github/rollouts/state/editor.yml): add it to the workflow's permissions:");
  });

  it("fails on malformed metrics-values, at the position of the mistake", async () => {
    s = await scenario();
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": '{"error-rate": 0.001,}' } });
    expect(run.code).toBe(1);
    expect(errors(run.stdout)).toEqual([expect.stringMatching(/^::error::input metrics-values: metrics-values:1:\d+: not valid JSON/), expect.anything()]);
  });
});
