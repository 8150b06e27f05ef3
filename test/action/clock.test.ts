import { afterEach, describe, expect, it } from "vitest";
import { parseState } from "../../core/state/parse-state.js";
import { rolloutsOutput } from "./harness.js";
import { REPO, STATE_PATH, scenario, stateAt, stateYaml, writes, type Scenario } from "./scenario.js";

// 2026-11-30 is a Monday; business hours are mon-fri 09:00-17:00 UTC; freeze 2026-12-20/2027-01-04.
let s: Scenario;
afterEach(() => s?.close());

const healthy = JSON.stringify({ "error-rate": 0.001 });

function state() {
  const parsed = parseState(s.state() ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("\n"));
  return parsed.value;
}

function comments(): string[] {
  const repo = s.emulator.repo(REPO);
  return [...s.emulator.state.comments.values()].filter((c) => repo.issues.has(c.issueNumber)).map((c) => c.body);
}

describe("a scheduled run", () => {
  it("promotes once the bake has elapsed and every gate passes, in one commit that says what and why", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": healthy } });
    expect(run.code).toBe(0);
    expect(state()).toMatchObject({ stage: "ten", percent: 10, status: "progressing", entered: "2026-12-01T15:00:00Z" });
    expect(state().history.at(-1)).toMatchObject({ action: "promote", from: "internal", to: "ten", by: "stagegate" });

    const puts = s.emulator.requests.all({ method: "PUT" });
    expect(puts).toHaveLength(1);
    const head = s.emulator.repo(REPO).commits.get(s.emulator.repo(REPO).branches.get("main")!)!;
    expect(head.message).toMatch(/^editor: promote .*internal.*ten.*10%.*bake 24h/);
    // The plan notifies the product manager on promotions.
    expect(comments().some((body) => body.includes("@pam"))).toBe(true);
    expect(rolloutsOutput(run)[0]).toMatchObject({ name: "editor", stage: "ten", percent: 10, action: "promoted", "next-eligible": "2026-12-02T15:00:00Z" });
    expect(run.outputs.changed).toBe("true");
  });

  it.each([
    ["before the bake has elapsed", stateAt("internal", "2026-11-30T14:00:00Z"), "2026-12-01T13:00:00Z", /bake/, "2026-12-01T14:00:00Z"],
    ["while paused", stateAt("internal", "2026-11-30T14:00:00Z", { status: "paused", resumeTo: "progressing" }), "2026-12-01T15:00:00Z", /paused/, null],
    ["outside business hours", stateAt("internal", "2026-11-30T14:00:00Z"), "2026-12-01T18:00:00Z", /business hours/, "2026-12-02T09:00:00Z"],
    ["inside a freeze", stateAt("internal", "2026-12-17T10:00:00Z"), "2026-12-21T10:00:00Z", /freeze/, "2027-01-05T09:00:00Z"],
  ])("does not promote %s, and says why and when it may", async (_case, current, now, why, nextEligible) => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(current) } });
    const before = s.state();
    const run = await s.run({ event: "schedule", inputs: { now, "metrics-values": healthy } });
    expect(run.code).toBe(0);
    expect(s.state()).toBe(before);
    expect(writes(s).filter((w) => w.startsWith("PUT"))).toEqual([]);
    const [output] = rolloutsOutput(run);
    expect(output).toMatchObject({ action: "none", stage: "internal" });
    expect(output?.reason).toMatch(why);
    if (nextEligible !== null) expect(output?.["next-eligible"]).toBe(nextEligible);
    expect(run.outputs.changed).toBe("false");
  });

  it("rolls back when a rollback rule holds, whatever the calendar says, and tells the people the plan names", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("ten", "2026-12-19T10:00:00Z")) } });
    // Sunday, inside the freeze: promotions wait, rollbacks do not.
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-20T03:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.07 }) } });
    expect(run.code).toBe(0);
    expect(state()).toMatchObject({ stage: "internal", percent: 0, status: "rolled-back" });
    expect(state().history.find((h) => h.action === "rollback")).toMatchObject({ from: "ten", to: "internal", by: "stagegate" });
    expect(rolloutsOutput(run)[0]).toMatchObject({ action: "rolled-back", percent: 0, status: "rolled-back" });
    const head = s.emulator.repo(REPO).commits.get(s.emulator.repo(REPO).branches.get("main")!)!;
    expect(head.message).toMatch(/^editor: .*rollback ten/);
    expect(head.message).toMatch(/error-rate/);
    expect(comments().some((body) => body.includes("@acme/sre"))).toBe(true);
  });

  it("raises an alert once when a rule starts holding, and stays quiet while it goes on", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("ten", "2026-12-01T15:00:00Z")) } });
    const degraded = { "metrics-values": JSON.stringify({ "error-rate": 0.03 }) };
    const first = await s.run({ event: "schedule", inputs: { now: "2026-12-01T16:00:00Z", ...degraded } });
    expect(rolloutsOutput(first)[0]).toMatchObject({ action: "alerted", stage: "ten", status: "progressing" });
    expect(state().openAlerts).toHaveLength(1);
    expect(comments().filter((body) => body.includes("@acme/sre"))).toHaveLength(1);

    const second = await s.run({ event: "schedule", inputs: { now: "2026-12-01T16:15:00Z", ...degraded } });
    expect(rolloutsOutput(second)[0]?.action).toBe("none");
    expect(comments().filter((body) => body.includes("@acme/sre"))).toHaveLength(1);
    expect(s.emulator.requests.all({ method: "PUT" })).toHaveLength(1);
  });

  it("holds a gate that has no value instead of promoting on it", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z" } });
    expect(run.code).toBe(0);
    expect(state().stage).toBe("internal");
    expect(rolloutsOutput(run)[0]?.reason).toMatch(/error-rate/);
  });
});
