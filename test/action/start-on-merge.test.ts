import { afterEach, describe, expect, it } from "vitest";
import { parseState } from "../../core/state/parse-state.js";
import { PLAN_PATH, PLAN_YAML, REPO, STATE_PATH, scenario, signOff, stateAt, stateYaml, writes, type Scenario } from "./scenario.js";
import { rolloutsOutput } from "./harness.js";

let s: Scenario;
afterEach(() => s?.close());

/** Opens the plan PR, lets `by` record sign-offs on its head, merges, and returns the push payload. */
async function mergePlan(signed: Array<{ id: string; by: string }>, by: "app" | "workflow" = "app"): Promise<Record<string, unknown>> {
  const pr = await s.emulator.as("pam").openPullRequest(REPO, { head: "editor-plan", title: "Roll out the editor", files: { [PLAN_PATH]: PLAN_YAML } });
  await signOff(s, pr.value.headSha, signed.map((a) => ({ ...a, at: "2026-11-30T13:00:00Z" })), by);
  const merged = await s.emulator.as("pam").merge(REPO, pr.value.number);
  const push = merged.deliveries.find((d) => d.event === "push");
  if (!push) throw new Error("the merge sent no push event");
  const { installation: _installation, ...payload } = push.payload;
  return payload;
}

describe("on the push that merges a plan", () => {
  it("writes the state file with the sign-offs from the App's check runs and enters the first stage", async () => {
    s = await scenario({ plan: false });
    const payload = await mergePlan([
      { id: "code-review", by: "quinn" },
      { id: "security", by: "pam" },
    ]);
    const run = await s.run({ event: "push", payload, inputs: { now: "2026-11-30T14:05:00Z" } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const state = parseState(s.state() ?? "", STATE_PATH);
    expect(state.ok && state.value).toMatchObject({
      stage: "internal",
      percent: 0,
      status: "progressing",
      entered: "2026-11-30T14:05:00Z",
      approvals: [
        { item: "code-review", stage: null, by: "quinn", at: "2026-11-30T13:00:00Z" },
        { item: "security", stage: null, by: "pam", at: "2026-11-30T13:00:00Z" },
      ],
    });
    const commits = s.emulator.requests.all({ method: "PUT" });
    expect(commits).toHaveLength(1);
    expect(run.outputs.changed).toBe("true");
    expect(rolloutsOutput(run)).toEqual([
      expect.objectContaining({ name: "editor", stage: "internal", percent: 0, status: "progressing", action: "started", "next-eligible": "2026-12-01T14:05:00Z" }),
    ]);
    // The tracking issue exists, found by its marker, and says where the rollout stands.
    const issues = [...s.emulator.repo(REPO).issues.values()].filter((i) => !i.isPullRequest);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body).toContain("<!-- stagegate:rollout editor -->");
  });

  it("refuses to start without every sign-off, says why, and still commits the state so ticks can continue", async () => {
    s = await scenario({ plan: false });
    const payload = await mergePlan([{ id: "code-review", by: "quinn" }]);
    const run = await s.run({ event: "push", payload, inputs: { now: "2026-11-30T14:05:00Z" } });
    expect(run.code).toBe(0);

    const state = parseState(s.state() ?? "", STATE_PATH);
    expect(state.ok && state.value.status).toBe("awaiting-signoff");
    expect(state.ok && state.value.approvals.map((a) => a.item)).toEqual(["code-review"]);
    expect(run.stdout).toMatch(/::warning file=\.github\/rollouts\/editor\.yml::editor was merged but not started: .*Security review completed/);
    expect(run.summary).toContain("Security review completed");
    expect(rolloutsOutput(run)[0]).toMatchObject({ action: "none", status: "awaiting-signoff" });
  });

  it("ignores sign-off check runs that a workflow posted under the GitHub Actions app", async () => {
    s = await scenario({ plan: false });
    // The very runs the App would write, forged by a workflow with its GITHUB_TOKEN.
    const payload = await mergePlan([
      { id: "code-review", by: "quinn" },
      { id: "security", by: "pam" },
    ], "workflow");
    await s.run({ event: "push", payload, inputs: { now: "2026-11-30T14:05:00Z" } });
    const state = parseState(s.state() ?? "", STATE_PATH);
    expect(state.ok && state.value.status).toBe("awaiting-signoff");
    expect(state.ok && state.value.approvals).toEqual([]);
  });

  it("carries no sign-off over when two apps record them, and says so", async () => {
    s = await scenario({ plan: false });
    const pr = await s.emulator.as("pam").openPullRequest(REPO, { head: "editor-plan", title: "Roll out the editor", files: { [PLAN_PATH]: PLAN_YAML } });
    const signed = [{ id: "code-review", by: "quinn", at: "2026-11-30T13:00:00Z" }, { id: "security", by: "pam", at: "2026-11-30T13:00:00Z" }];
    await signOff(s, pr.value.headSha, signed);
    // Another app installed on the organization posts the very same runs.
    const other = s.emulator.addApp({ slug: "lookalike" });
    const installation = s.emulator.installApp({ account: "acme", appId: other.id });
    await signOff(s, pr.value.headSha, signed, { token: s.emulator.createInstallationToken(installation.id), appId: other.id });
    const merged = await s.emulator.as("pam").merge(REPO, pr.value.number);
    const { installation: _i, ...payload } = merged.deliveries.find((d) => d.event === "push")!.payload;
    const run = await s.run({ event: "push", payload, inputs: { now: "2026-11-30T14:05:00Z" } });
    const state = parseState(s.state() ?? "", STATE_PATH);
    expect(state.ok && state.value).toMatchObject({ status: "awaiting-signoff", approvals: [] });
    expect(run.stdout).toMatch(new RegExp(`::warning file=.*::editor was merged but not started: sign-off check runs of editor come from several apps \\(ids ${s.emulator.app.id}, ${other.id}\\), so none was carried over`));
  });

  it("does not count a sign-off that was withdrawn after it was given", async () => {
    s = await scenario({ plan: false });
    const pr = await s.emulator.as("pam").openPullRequest(REPO, { head: "editor-plan", title: "Roll out the editor", files: { [PLAN_PATH]: PLAN_YAML } });
    const at = "2026-11-30T13:00:00Z";
    await signOff(s, pr.value.headSha, [{ id: "code-review", by: "quinn", at }, { id: "security", by: "pam", at }]);
    await signOff(s, pr.value.headSha, [{ id: "code-review", by: "quinn", at }]);
    const merged = await s.emulator.as("pam").merge(REPO, pr.value.number);
    const { installation: _i, ...payload } = merged.deliveries.find((d) => d.event === "push")!.payload;
    await s.run({ event: "push", payload, inputs: { now: "2026-11-30T14:05:00Z" } });
    const state = parseState(s.state() ?? "", STATE_PATH);
    expect(state.ok && state.value.approvals.map((a) => a.item)).toEqual(["code-review"]);
    expect(state.ok && state.value.status).toBe("awaiting-signoff");
  });

  it("leaves a running rollout as it stands on a push to another branch, and says where it stands", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("ten", "2026-11-30T10:00:00Z")) } });
    const pushed = await s.emulator.as("pam").push(REPO, "feature", { [PLAN_PATH]: PLAN_YAML.replace("Editor", "Editor v2") });
    const { installation: _i, ...payload } = pushed.deliveries.find((d) => d.event === "push")!.payload;
    const run = await s.run({ event: "push", payload, inputs: { now: "2026-11-30T14:05:00Z" } });
    expect(run.code).toBe(0);
    expect(writes(s)).toEqual([]);
    expect(rolloutsOutput(run)[0]).toMatchObject({ action: "none", stage: "ten", percent: 10, status: "progressing", "next-eligible": "2026-12-01T10:00:00Z" });
  });

  it("starts nothing on a push to another branch", async () => {
    s = await scenario();
    const pushed = await s.emulator.as("pam").push(REPO, "feature", { [PLAN_PATH]: PLAN_YAML.replace("Editor", "Editor v2") });
    const { installation: _i, ...payload } = pushed.deliveries.find((d) => d.event === "push")!.payload;
    const run = await s.run({ event: "push", payload, inputs: { now: "2026-11-30T14:05:00Z" } });
    expect(run.code).toBe(0);
    expect(s.state()).toBeNull();
    expect(writes(s)).toEqual([]);
    expect(rolloutsOutput(run)[0]).toMatchObject({ action: "none", reason: expect.stringMatching(/refs\/heads\/feature is not a push to the default branch main/) });
  });
});
