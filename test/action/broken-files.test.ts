// Files the clock cannot act on: each is reported where a person will look, and the run fails at
// the end so it is not missed.
import { afterEach, describe, expect, it } from "vitest";
import { rolloutsOutput } from "./harness.js";
import { STATE_PATH, scenario, writes, type Scenario } from "./scenario.js";

let s: Scenario;
afterEach(() => s?.close());

const inputs = { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) };

describe("a state file that does not parse", () => {
  it("is reported with its problems and left alone: no commit, no comment", async () => {
    s = await scenario({ files: { [STATE_PATH]: "rollout: editor\nstage: [not, a, stage]\n" } });
    const run = await s.run({ event: "schedule", inputs });

    expect(run.code).toBe(1);
    const [output] = rolloutsOutput(run);
    expect(output).toMatchObject({ name: "editor", action: "error" });
    expect(output?.reason).toMatch(/^the state file \.github\/rollouts\/state\/editor\.yml has \d+ problem\(s\); fix it or \/rollback to rewrite it$/);
    expect(run.stdout).toContain(`::error file=${STATE_PATH}`);
    expect(writes(s)).toEqual([]);
  });
});

describe("settings that do not parse", () => {
  it("decide nothing for any rollout, and say why", async () => {
    s = await scenario({ files: { ".github/stagegate.yml": "roles: [oops]\n" } });
    const run = await s.run({ event: "schedule", inputs });

    expect(run.code).toBe(1);
    expect(rolloutsOutput(run)).toEqual([
      expect.objectContaining({ name: "editor", action: "error", reason: ".github/stagegate.yml has problems: roles and the calendar come from it, so nothing was decided" }),
    ]);
    expect(writes(s)).toEqual([]);
  });
});
