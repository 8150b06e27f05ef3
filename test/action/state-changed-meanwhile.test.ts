// The state file is the truth, and it can change between the Action's read and its commit: the
// commit's compare-and-swap loses, the Action reads the file again and decides on what it finds
// there, and when it finds no rollout of its own there any more, it writes nothing and says why.
import { afterEach, describe, expect, it } from "vitest";
import { parseState } from "../../core/state/parse-state.js";
import { rolloutsOutput } from "./harness.js";
import { PLAN_PATH, PLAN_YAML, REPO, STATE_PATH, scenario, stateAt, stateYaml, writes, type Scenario } from "./scenario.js";

let s: Scenario;
afterEach(() => s?.close());

const PUT = "PUT /repos/{owner}/{repo}/contents/{path}";
// A day after entering `internal`, inside business hours, with a healthy gate: due for promotion.
const DUE = { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) };

/** Runs the clock, holding its state commit until `change` has been made to the repository. */
async function runChangingMeanwhile(change: () => unknown) {
  let release = () => {};
  const held = s.emulator.faults.inject({ route: PUT, gate: new Promise<void>((resolve) => (release = resolve)), times: 1 });
  let finished = false;
  const run = s.run({ event: "schedule", inputs: DUE }).finally(() => (finished = true));
  // The run is in this process: yield to it until its commit is at the gate (or it ended without one).
  while (held.hits === 0 && !finished) await new Promise((resolve) => setImmediate(resolve));
  expect(held.hits).toBe(1);
  await change();
  release();
  return run;
}

function stateOnMain() {
  const parsed = parseState(s.state() ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error("unreadable state");
  return parsed.value;
}

describe("a state file changed while the clock was deciding", () => {
  it("is read again, and the step decided on it: a rollout paused meanwhile is not promoted", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const paused = stateYaml(stateAt("internal", "2026-11-30T14:00:00Z", { status: "paused", resumeTo: "progressing" }));
    const run = await runChangingMeanwhile(() => s.emulator.commitThroughApi(REPO, { [STATE_PATH]: paused }, "editor: pause"));
    expect(run.code).toBe(0);
    expect(s.emulator.requests.all({ route: PUT }).map((r) => r.status)).toEqual([409]);
    expect(stateOnMain()).toMatchObject({ stage: "internal", status: "paused" });
    expect(rolloutsOutput(run)).toEqual([expect.objectContaining({ name: "editor", action: "none", stage: "internal", status: "paused" })]);
  });

  it("gives up after five lost races, says so, and leaves the state as it was", async () => {
    const before = stateYaml(stateAt("internal", "2026-11-30T14:00:00Z"));
    s = await scenario({ files: { [STATE_PATH]: before } });
    s.emulator.faults.inject({ route: PUT, status: 409 });
    const run = await s.run({ event: "schedule", inputs: DUE });
    expect(run.code).toBe(1);
    expect(s.emulator.requests.count({ route: PUT })).toBe(5);
    expect(s.state()).toBe(before);
    expect(rolloutsOutput(run)).toEqual([expect.objectContaining({ name: "editor", action: "error", reason: expect.stringContaining("The state file kept changing while this was being applied (5 attempts)") })]);
  });

  it("reports a state file deleted meanwhile, and writes nothing", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const run = await runChangingMeanwhile(() => s.emulator.as("pam").push(REPO, "main", { [STATE_PATH]: null }));
    expect(run.code).toBe(1);
    expect(s.state()).toBeNull();
    expect(rolloutsOutput(run)).toEqual([expect.objectContaining({ name: "editor", action: "error" })]);
    expect(run.stdout).toContain("the state file of editor disappeared during the run");
  });

  it("reports a state file broken meanwhile at its line, and leaves it for a person to fix", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const broken = "rollout: editor\nstage: [\n";
    const run = await runChangingMeanwhile(() => s.emulator.as("pam").push(REPO, "main", { [STATE_PATH]: broken }));
    expect(run.code).toBe(1);
    expect(s.state()).toBe(broken);
    expect(run.stdout).toMatch(/::error file=\.github\/rollouts\/state\/editor\.yml,line=\d+,col=\d+::/);
  });
});

describe("a push that changes the plan of a rollout that already has a state file", () => {
  async function pushPlanEdit() {
    const pushed = await s.emulator.as("pam").push(REPO, "main", { [PLAN_PATH]: PLAN_YAML.replace("description: Editor", "description: Editor, reworded") });
    const { installation: _installation, ...payload } = pushed.deliveries.find((d) => d.event === "push")!.payload;
    return s.run({ event: "push", payload, inputs: { now: "2026-11-30T14:05:00Z" } });
  }

  it("keeps the sign-offs a waiting rollout has and says what it still waits for", async () => {
    const waiting = stateAt("internal", "2026-11-30T14:00:00Z", {
      status: "awaiting-signoff",
      history: [],
      approvals: [{ item: "code-review", stage: null, by: "quinn", at: "2026-11-30T13:00:00Z" }],
    });
    s = await scenario({ files: { [STATE_PATH]: stateYaml(waiting) } });
    const run = await pushPlanEdit();
    expect(run.code).toBe(0);
    expect(stateOnMain()).toMatchObject({ status: "awaiting-signoff", approvals: [{ item: "code-review", by: "quinn" }] });
    expect(run.stdout).toMatch(/::warning file=\.github\/rollouts\/editor\.yml::editor was merged but not started: this push merged no pull request, so no sign-off was carried over; .*Security review completed/);
  });

  it("never writes over a state file that names another rollout", async () => {
    const other = stateYaml({ ...stateAt("internal", "2026-11-30T14:00:00Z"), rollout: "albums" });
    s = await scenario({ files: { [STATE_PATH]: other } });
    const run = await pushPlanEdit();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("is the state file of the rollout albums, not of editor");
    expect(s.state()).toBe(other);
    expect(writes(s).filter((w) => w.startsWith("PUT"))).toEqual([]);
  });
});
