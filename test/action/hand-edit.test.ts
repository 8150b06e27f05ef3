// The Action as a real process meets a state file someone changed by hand: it holds the
// rollout (one commit pausing it, one comment naming the commit and its author) instead of
// promoting on what the edit claims, and still rolls back when a rollback rule holds.
import { afterEach, describe, expect, it } from "vitest";
import { parseState } from "../../core/state/parse-state.js";
import { rolloutsOutput } from "./harness.js";
import { REPO, STATE_PATH, scenario, stateAt, stateYaml, type Scenario } from "./scenario.js";

let s: Scenario;
afterEach(() => s?.close());

function state() {
  const parsed = parseState(s.state() ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("\n"));
  return parsed.value;
}

function comments(): string[] {
  const repo = s.emulator.repo(REPO);
  return [...s.emulator.state.comments.values()].filter((c) => repo.issues.has(c.issueNumber)).map((c) => c.body);
}

describe("a state file changed by hand", () => {
  it("is held, not promoted, and the hold names the commit and its author", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const edit = await s.emulator.as("pam").push(REPO, "main", { [STATE_PATH]: stateYaml(stateAt("ten", "2026-11-29T14:00:00Z")) }, "Move along");
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });
    expect(run.code).toBe(0);
    expect(state()).toMatchObject({ stage: "ten", status: "paused", resumeTo: "progressing" });
    expect(state().history.at(-1)).toMatchObject({ action: "pause", by: "stagegate" });
    expect(comments().filter((c) => c.includes("**Held**"))).toEqual([expect.stringContaining(`changed by pam in ${edit.value.sha.slice(0, 7)}`)]);
    expect(rolloutsOutput(run)[0]).toMatchObject({ stage: "ten", status: "paused", action: "none" });

    // The next run finds its own hold as the last commit and does not hold again.
    const again = await s.run({ event: "schedule", inputs: { now: "2026-12-01T16:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });
    expect(again.code).toBe(0);
    expect(comments().filter((c) => c.includes("**Held**"))).toHaveLength(1);
    expect(state().status).toBe("paused");
  });

  it("still rolls back when a rollback rule holds", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("ten", "2026-11-30T14:00:00Z")) } });
    await s.emulator.as("pam").push(REPO, "main", { [STATE_PATH]: stateYaml({ ...stateAt("ten", "2026-11-30T14:00:00Z"), stage: "full", percent: 100 }) }, "Everyone gets it");
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.09 }) } });
    expect(run.code).toBe(0);
    expect(state()).toMatchObject({ percent: 0, status: "rolled-back" });
  });
});
