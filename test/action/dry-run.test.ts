import { afterEach, describe, expect, it } from "vitest";
import { rolloutsOutput } from "./harness.js";
import { PLAN_PATH, PLAN_YAML, REPO, STATE_PATH, scenario, signOff, stateAt, stateYaml, writes, type Scenario } from "./scenario.js";

let s: Scenario;
afterEach(() => s?.close());

describe("dry-run", () => {
  it("prints the commit, the state diff and the comment a promotion would make, and makes no write request", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const before = s.state();
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "dry-run": "true", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });
    expect(run.code).toBe(0);
    expect(writes(s)).toEqual([]);
    expect(s.state()).toBe(before);
    expect(run.outputs.changed).toBe("false");
    expect(rolloutsOutput(run)[0]).toMatchObject({ action: "promoted", stage: "ten" });

    expect(run.stdout).toContain("::notice::Dry run");
    expect(run.stdout).toContain("::group::editor: would apply 1 commit, 1 new issue, 1 comment, 1 issue edit");
    expect(run.stdout).toMatch(/1\. commit \.github\/rollouts\/state\/editor\.yml to main: editor: promote/);
    expect(run.stdout).toContain("- stage: internal\n- percent: 0\n+ stage: ten\n+ percent: 10");
    expect(run.stdout).toContain('2. create issue "');
    expect(run.stdout).toMatch(/3\. comment on the issue created above\n::stop-commands::\S+\n.*ten/);
    expect(run.summary).toContain("<strong>dry run</strong>: nothing below was applied");
    expect(run.summary).toContain("<summary>Would apply: 1 commit, 1 new issue, 1 comment, 1 issue edit</summary>");
  });

  it("on the merge of a plan shows the state file it would write, and writes nothing", async () => {
    s = await scenario({ plan: false });
    const pr = await s.emulator.as("pam").openPullRequest(REPO, { head: "editor-plan", title: "Roll out the editor", files: { [PLAN_PATH]: PLAN_YAML } });
    await signOff(s, pr.value.headSha, [
      { id: "code-review", by: "quinn", at: "2026-11-30T13:00:00Z" },
      { id: "security", by: "pam", at: "2026-11-30T13:00:00Z" },
    ]);
    const merged = await s.emulator.as("pam").merge(REPO, pr.value.number);
    const { installation: _i, ...payload } = merged.deliveries.find((d) => d.event === "push")!.payload;
    s.emulator.requests.reset();

    const run = await s.run({ event: "push", payload, inputs: { now: "2026-11-30T14:05:00Z", "dry-run": "true" } });
    expect(run.code).toBe(0);
    expect(writes(s)).toEqual([]);
    expect(s.state()).toBeNull();
    expect(rolloutsOutput(run)[0]).toMatchObject({ action: "started", stage: "internal", status: "progressing" });
    expect(run.stdout).toContain("+ status: progressing");
  });
});
