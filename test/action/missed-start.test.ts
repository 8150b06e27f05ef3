// A plan merged while the Action's push run was missed (dropped, failed, or the workflow not yet
// there): the committed plan is the truth, so the next scheduled run starts it exactly as the
// push would have, with the sign-offs recorded on the pull request that merged it.
import { afterEach, describe, expect, it } from "vitest";
import { parseState } from "../../core/state/parse-state.js";
import { rolloutsOutput } from "./harness.js";
import { PLAN_PATH, PLAN_YAML, REPO, STATE_PATH, scenario, signOff, stateAt, stateYaml, type Scenario } from "./scenario.js";
import { isWrite } from "../../sandbox/github-emulator/index.js";

let s: Scenario;
afterEach(() => s?.close());

// 2026-11-30 is a Monday; the settings open business hours mon-fri 09:00-17:00 UTC.
const MONDAY_AFTERNOON = "2026-11-30T15:00:00Z";

/** Opens the plan PR, records sign-offs on its head as the App does, and merges it; no Action runs. */
async function mergeWithoutPushRun(signed: Array<{ id: string; by: string }>): Promise<number> {
  const pr = await s.emulator.as("pam").openPullRequest(REPO, { head: "editor-plan", title: "Roll out the editor", files: { [PLAN_PATH]: PLAN_YAML } });
  await signOff(s, pr.value.headSha, signed.map((a) => ({ ...a, at: "2026-11-30T13:00:00Z" })));
  await s.emulator.as("pam").merge(REPO, pr.value.number);
  return pr.value.number;
}

const stateCommits = () => s.emulator.requests.all({ route: "PUT /repos/{owner}/{repo}/contents/{path}" });
const headMessage = () => {
  const repo = s.emulator.repo(REPO);
  return repo.commits.get(repo.branches.get("main") as string)?.message ?? "";
};

describe("a scheduled run after a missed merge run", () => {
  it("starts the rollout with the sign-offs from the merged pull request's checks, and only ticks it afterwards", async () => {
    s = await scenario({ plan: false });
    const number = await mergeWithoutPushRun([
      { id: "code-review", by: "quinn" },
      { id: "security", by: "pam" },
    ]);
    expect(s.state()).toBeNull();

    const run = await s.run({ event: "schedule", inputs: { now: MONDAY_AFTERNOON } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const state = parseState(s.state() ?? "", STATE_PATH);
    expect(state.ok && state.value).toMatchObject({
      stage: "internal",
      percent: 0,
      status: "progressing",
      entered: MONDAY_AFTERNOON,
      approvals: [
        { item: "code-review", stage: null, by: "quinn", at: "2026-11-30T13:00:00Z" },
        { item: "security", stage: null, by: "pam", at: "2026-11-30T13:00:00Z" },
      ],
    });
    expect(stateCommits()).toHaveLength(1);
    expect(run.outputs.changed).toBe("true");
    expect(rolloutsOutput(run)).toEqual([
      expect.objectContaining({ name: "editor", action: "started", status: "progressing", reason: expect.stringContaining(`sign-offs read from pull request #${number}`) }),
    ]);
    const issues = [...s.emulator.repo(REPO).issues.values()].filter((i) => !i.isPullRequest);
    expect(issues.map((i) => i.body ?? "")).toEqual([expect.stringContaining("<!-- stagegate:rollout editor -->")]);

    // The next run finds the state file: it neither starts again nor looks for the pull request.
    s.emulator.requests.reset();
    const again = await s.run({ event: "workflow_dispatch", inputs: { now: "2026-11-30T16:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });
    expect(again.code).toBe(0);
    expect(stateCommits()).toEqual([]);
    // No REST history at all: who last wrote the state file comes with the batched read.
    expect(s.emulator.requests.all({ operationId: "repos/list-commits" })).toEqual([]);
    expect(rolloutsOutput(again)).toEqual([expect.objectContaining({ action: "none", stage: "internal", status: "progressing" })]);
    expect(parseState(s.state() ?? "", STATE_PATH)).toEqual(state);
  });

  it("commits a plan merged without every sign-off as awaiting-signoff, saying what is missing", async () => {
    s = await scenario({ plan: false });
    await mergeWithoutPushRun([{ id: "code-review", by: "quinn" }]);

    const run = await s.run({ event: "schedule", inputs: { now: MONDAY_AFTERNOON } });
    expect(run.code).toBe(0);
    const state = parseState(s.state() ?? "", STATE_PATH);
    expect(state.ok && state.value).toMatchObject({ status: "awaiting-signoff", approvals: [{ item: "code-review", by: "quinn" }], history: [] });
    expect(headMessage()).toMatch(/^editor: awaiting sign-off, not started: .*Security review completed/);
    expect(run.stdout).toMatch(/::warning file=\.github\/rollouts\/editor\.yml::editor was merged but not started: .*Security review completed/);
    expect(rolloutsOutput(run)).toEqual([expect.objectContaining({ action: "none", status: "awaiting-signoff", reason: expect.stringContaining("the run for the push that merged the plan was missed") })]);
  });

  it("waits for business hours to start a signed-off plan, then starts it on a run inside them", async () => {
    s = await scenario({ plan: false });
    await mergeWithoutPushRun([
      { id: "code-review", by: "quinn" },
      { id: "security", by: "pam" },
    ]);
    const saturday = await s.run({ event: "schedule", inputs: { now: "2026-12-05T11:00:00Z" } });
    expect(saturday.code).toBe(0);
    const waiting = parseState(s.state() ?? "", STATE_PATH);
    expect(waiting.ok && waiting.value).toMatchObject({ status: "awaiting-signoff", approvals: [{ item: "code-review" }, { item: "security" }] });
    expect(saturday.stdout).toMatch(/::warning file=\.github\/rollouts\/editor\.yml::editor was merged but not started: .*business hours/);

    const monday = await s.run({ event: "schedule", inputs: { now: "2026-12-07T09:30:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });
    expect(monday.code).toBe(0);
    const started = parseState(s.state() ?? "", STATE_PATH);
    expect(started.ok && started.value).toMatchObject({ status: "progressing", stage: "internal", entered: "2026-12-07T09:30:00Z" });
  });

  it("gives a plan pushed straight to the default branch no sign-off, and says so", async () => {
    s = await scenario();
    const run = await s.run({ event: "schedule", inputs: { now: MONDAY_AFTERNOON } });
    expect(run.code).toBe(0);
    const state = parseState(s.state() ?? "", STATE_PATH);
    expect(state.ok && state.value).toMatchObject({ status: "awaiting-signoff", approvals: [] });
    expect(run.stdout).toMatch(/editor was merged but not started: no merged pull request changed the plan \(last changed in [0-9a-f]{7}\), so no sign-off was carried over/);
  });

  it("does not restart a rollout whose state file was deleted", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml({ ...stateAt("ten", "2026-11-30T15:00:00Z"), stage: "full", percent: 100, status: "complete" }) } });
    const removed = await s.emulator.as("pam").push(REPO, "main", { [STATE_PATH]: null }, "Clean up the editor rollout");
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-07T10:00:00Z" } });
    expect(run.code).toBe(0);
    expect(s.state()).toBeNull();
    expect(stateCommits()).toEqual([]);
    expect(rolloutsOutput(run)).toEqual([
      expect.objectContaining({ action: "none", reason: expect.stringContaining(`its state file ${STATE_PATH} was deleted (commit ${removed.value.sha.slice(0, 7)})`) }),
    ]);
  });

  it("in a dry run shows the state file it would write, and writes nothing", async () => {
    s = await scenario({ plan: false });
    await mergeWithoutPushRun([
      { id: "code-review", by: "quinn" },
      { id: "security", by: "pam" },
    ]);
    s.emulator.requests.reset();
    const run = await s.run({ event: "schedule", inputs: { now: MONDAY_AFTERNOON, "dry-run": "true" } });
    expect(run.code).toBe(0);
    expect(s.state()).toBeNull();
    expect(s.emulator.requests.all().filter(isWrite)).toEqual([]);
    expect(run.stdout).toContain(`1. commit ${STATE_PATH} to main: editor: start at internal`);
    expect(rolloutsOutput(run)).toEqual([expect.objectContaining({ action: "started", status: "progressing" })]);
  });
});
