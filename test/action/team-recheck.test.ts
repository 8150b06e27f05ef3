// The scheduled promotion re-reads the teams it counts on, through the Action as it runs on a
// workflow: with an App token that may read teams, an approval by someone who has left the team
// since holds the rollout and the run says who and which team; with the workflow's own
// GITHUB_TOKEN (which can never read teams) the recorded approval stands and the job summary
// says which permission would have let it check. A run with nothing to promote reads no team.
// The start at a plan's merge counts its sign-offs the same way.
import { afterEach, describe, expect, it } from "vitest";
import { parseState } from "../../core/state/parse-state.js";
import { rolloutsOutput } from "./harness.js";
import { PLAN_PATH, PLAN_YAML, REPO, STATE_PATH, scenario, signOff, stateAt, stateYaml, type Scenario } from "./scenario.js";

const TEAM_LIST = "GET /orgs/{org}/teams/{team_slug}/members";
// internal's exit item is held by operations-lead, which is the team acme/sre (olivia).
const PLAN_WITH_TEAM_EXIT = PLAN_YAML.replace(
  "  - { name: internal, percent: 0, bake: 24h }",
  "  - { name: internal, percent: 0, bake: 24h, exit: [{ id: dashboards, title: Dashboards ready, role: operations-lead }] }",
);
const HEALTHY = JSON.stringify({ "error-rate": 0.001 });

let s: Scenario;
afterEach(() => s?.close());

async function bakedWithTeamApproval(): Promise<void> {
  const baked = stateAt("internal", "2026-11-30T14:00:00Z");
  const approvals = [...baked.approvals, { item: "dashboards", stage: "internal", by: "olivia", at: "2026-11-30T16:00:00Z" }];
  s = await scenario({ files: { [PLAN_PATH]: PLAN_WITH_TEAM_EXIT, [STATE_PATH]: stateYaml({ ...baked, approvals }) } });
}

function state() {
  const parsed = parseState(s.state() ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("\n"));
  return parsed.value;
}

const stage = () => state().stage;

const teamReads = () => s.emulator.requests.all().filter((r) => r.route === TEAM_LIST);

describe("a scheduled promotion", () => {
  it("with a token that may read teams, holds on an approval by someone who has left the team, saying who and which team", async () => {
    await bakedWithTeamApproval();
    // Still baking: nothing to promote, so no team is read.
    const idle = await s.run({ event: "schedule", token: s.appToken, inputs: { now: "2026-12-01T10:00:00Z", "metrics-values": HEALTHY } });
    expect(idle.code).toBe(0);
    expect(teamReads()).toEqual([]);

    s.emulator.removeFromTeam("acme", "sre", "olivia");
    const held = await s.run({ event: "schedule", token: s.appToken, inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": HEALTHY } });
    expect(held.code).toBe(0);
    expect(stage()).toBe("internal");
    expect(rolloutsOutput(held)[0]).toMatchObject({ action: "none", reason: expect.stringContaining("olivia's approval of Dashboards ready no longer counts: olivia is not an active member of acme/sre (role operations-lead) any more") });
    expect(held.summary).toContain("no longer counts");
    expect(teamReads().map((r) => r.status)).toEqual([200]);

    s.emulator.addTeam("acme", "sre", ["olivia"]);
    const promoted = await s.run({ event: "schedule", token: s.appToken, inputs: { now: "2026-12-01T15:30:00Z", "metrics-values": HEALTHY } });
    expect(rolloutsOutput(promoted)[0]).toMatchObject({ action: "promoted", stage: "ten" });
    expect(promoted.summary).not.toContain("not re-checked");
    expect(s.emulator.requests.violations()).toEqual([]);
  });

  it("with the workflow's GITHUB_TOKEN, promotes on the recorded approval and says in the job summary which permission is missing", async () => {
    await bakedWithTeamApproval();
    s.emulator.removeFromTeam("acme", "sre", "olivia");
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": HEALTHY } });
    expect(run.code).toBe(0);
    expect(stage()).toBe("ten");
    expect(rolloutsOutput(run)[0]).toMatchObject({ action: "promoted" });
    expect(run.summary).toContain("acme/sre (GitHub answered 404)");
    expect(run.summary).toContain("members: read");
    expect(run.stdout).toContain("::notice");
    expect(teamReads().map((r) => r.status)).toEqual([404]);
  });
});

describe("the start on the push that merges a plan", () => {
  it("with a token that may read teams, waits when a sign-off came from someone who has left the team", async () => {
    s = await scenario({ plan: false });
    // The code review is signed off by operations-lead, the team acme/sre.
    const plan = PLAN_YAML.replace("{ id: code-review, title: Code review completed, role: qa-lead }", "{ id: code-review, title: Code review completed, role: operations-lead }");
    const pr = await s.emulator.as("pam").openPullRequest(REPO, { head: "editor-plan", title: "Roll out the editor", files: { [PLAN_PATH]: plan } });
    await signOff(s, pr.value.headSha, [
      { id: "code-review", by: "olivia", at: "2026-11-30T13:00:00Z" },
      { id: "security", by: "pam", at: "2026-11-30T13:00:00Z" },
    ]);
    const merged = await s.emulator.as("pam").merge(REPO, pr.value.number);
    const { installation: _installation, ...payload } = merged.deliveries.find((d) => d.event === "push")?.payload ?? {};
    s.emulator.removeFromTeam("acme", "sre", "olivia");

    const run = await s.run({ event: "push", payload, token: s.appToken, inputs: { now: "2026-11-30T14:05:00Z" } });
    expect(run.code).toBe(0);
    expect(state()).toMatchObject({ status: "awaiting-signoff", approvals: expect.arrayContaining([expect.objectContaining({ item: "code-review", by: "olivia" })]) });
    expect(rolloutsOutput(run)[0]?.reason).toContain("olivia's approval of Code review completed no longer counts: olivia is not an active member of acme/sre (role operations-lead) any more");
  });
});
