// A scheduled run meets GitHub on a bad day: a couple of 502s and a secondary rate limit must not
// cost the rollout its promotion (the next run would be fifteen minutes away), and a retried
// write must not commit twice.
import { afterEach, expect, it } from "vitest";
import { parseState } from "../../core/state/parse-state.js";
import { STATE_PATH, scenario, stateAt, stateYaml, type Scenario } from "./scenario.js";

let s: Scenario;
afterEach(() => s?.close());

const healthy = JSON.stringify({ "error-rate": 0.001 });

function stage(): string {
  const parsed = parseState(s.state() ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error("state file does not parse");
  return parsed.value.stage;
}

it("retries reads that fail with 502 and still promotes", async () => {
  s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
  // The run reads everything in batched GraphQL queries.
  const fault = s.emulator.faults.inject({ route: "graphql", status: 502, times: 2 });
  const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": healthy } });
  expect(fault.hits).toBe(2);
  expect(run.code).toBe(0);
  expect(stage()).toBe("ten");
});

it("waits out a secondary rate limit on the state commit and commits exactly once", async () => {
  s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
  const fault = s.emulator.faults.inject({ route: "repos/create-or-update-file-contents", secondaryRateLimit: { retryAfter: 1 }, times: 1 });
  const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": healthy } });
  expect(fault.hits).toBe(1);
  expect(run.code).toBe(0);
  expect(stage()).toBe("ten");
  const commits = [...s.emulator.repo("acme/player").commits.values()].filter((c) => c.message.startsWith("editor: promote"));
  expect(commits).toHaveLength(1);
});

it("gives up on a write that keeps failing and reports it, leaving the state as it was", async () => {
  s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
  s.emulator.faults.inject({ route: "repos/create-or-update-file-contents", status: 503 });
  const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": healthy } });
  expect(run.code).not.toBe(0);
  expect(stage()).toBe("internal");
});
