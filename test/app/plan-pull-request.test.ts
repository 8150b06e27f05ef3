// Flow 1 against the emulator, with the App as a real server receiving signed webhooks.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkRuns, latestChecks, PLAN, PLAN_PATH, REPO, SETTINGS, startAppWorld, STATE_PATH, trackingIssue, type AppWorld } from "./harness.js";

let w: AppWorld;
beforeEach(async () => {
  w = await startAppWorld();
});
afterEach(async () => {
  await w.close();
});

async function openPlanPr(files: Record<string, string>, head = "plan") {
  const { value: pr } = await w.emulator.as("pam").openPullRequest(REPO, { head, title: "Roll out the playlist editor", files });
  await w.emulator.idle();
  return pr;
}

describe("a pull request with a broken plan", () => {
  it("fails the plan check with one annotation per problem at its line and column", async () => {
    const broken = [
      "description: Playlist Editor",
      "signoff:",
      "  - { id: code-review, title: Code review completed, role: release-captain }",
      "stages:",
      "  - { name: internal, percent: 10, bake: 3 days }",
      "  - { name: beta, percent: 5 }",
      "",
    ].join("\n");
    const pr = await openPlanPr({ [PLAN_PATH]: broken });
    const plan = latestChecks(w, pr.headSha).get("stagegate / plan");
    expect(plan).toMatchObject({ status: "completed", conclusion: "failure", appId: w.emulator.app.id });
    expect(plan?.annotations.map((a) => [a.path, a.start_line, a.start_column, a.annotation_level])).toEqual([
      [PLAN_PATH, 3, 60, "failure"],
      [PLAN_PATH, 5, 42, "failure"],
      [PLAN_PATH, 6, 28, "failure"],
    ]);
    expect(plan?.annotations[0]?.message).toContain('role "release-captain" is not defined');
    expect(plan?.output.summary).toContain(`${PLAN_PATH}:6:28:`);
  });

  it("fails the plan check on a state: that names a workflow, annotating that line", async () => {
    const pr = await openPlanPr({ [PLAN_PATH]: `state: .github/workflows/release.yml\n${PLAN}` });
    const plan = latestChecks(w, pr.headSha).get("stagegate / plan");
    expect(plan).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(plan?.annotations.map((a) => [a.path, a.start_line, a.start_column])).toEqual([[PLAN_PATH, 1, 8]]);
    expect(plan?.annotations[0]?.message).toContain(".github/workflows/release.yml is under .github/workflows/, which runs code");
  });

  it("fails the plan check when two plans claim one state file, on each state: line", async () => {
    const other = ".github/rollouts/albums.yml";
    const pr = await openPlanPr({ [PLAN_PATH]: `state: deploy/state.yml\n${PLAN}`, [other]: `state: deploy/state.yml\n${PLAN}` });
    const plan = latestChecks(w, pr.headSha).get("stagegate / plan");
    expect(plan).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(plan?.annotations.map((a) => [a.path, a.start_line, a.start_column]).sort()).toEqual([
      [other, 1, 8],
      [PLAN_PATH, 1, 8],
    ]);
    expect(plan?.annotations[0]?.message).toContain("two rollouts cannot share one state file");
  });

  it("sends more than 50 annotations in batches of 50", async () => {
    const items = Array.from({ length: 60 }, (_, i) => `  - { id: item-${i}, title: Item ${i}, role: nobody-${i} }`);
    const pr = await openPlanPr({ [PLAN_PATH]: ["signoff:", ...items, "stages:", "  - { name: full, percent: 100 }", ""].join("\n") });
    const plan = latestChecks(w, pr.headSha).get("stagegate / plan");
    expect(plan?.annotations).toHaveLength(60);
    expect(plan?.annotations.map((a) => a.start_line)).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
    expect(w.emulator.requests.count({ route: "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}" })).toBeGreaterThanOrEqual(1);
  });

  it("checks roles against the default branch, not against settings changed in the same pull request", async () => {
    const settings = "roles:\n  release-captain: { users: [pam] }\n";
    const plan = "signoff:\n  - { id: go, title: Go, role: release-captain }\nstages:\n  - { name: full, percent: 100 }\n";
    const pr = await openPlanPr({ ".github/stagegate.yml": settings, [PLAN_PATH]: plan });
    const check = latestChecks(w, pr.headSha).get("stagegate / plan");
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations[0]).toMatchObject({ path: PLAN_PATH, start_line: 2 });
    expect(check?.output.summary).toContain("Roles are read from main");
  });

  it("fails a pull request that edits a state file by hand", async () => {
    const pr = await openPlanPr({ [STATE_PATH]: "rollout: playlist-editor\nstage: full\npercent: 100\n" });
    const check = latestChecks(w, pr.headSha).get("stagegate / plan");
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations[0]).toMatchObject({ path: STATE_PATH, start_line: 1 });
    expect(check?.annotations[0]?.message).toContain("written only by stagegate");
  });
});

describe("a pull request with a valid plan", () => {
  it("passes the plan check with the projected timeline and links the tracking issue", async () => {
    const pr = await openPlanPr({ [PLAN_PATH]: PLAN });
    const issue = trackingIssue(w);
    const plan = latestChecks(w, pr.headSha).get("stagegate / plan");
    expect(plan).toMatchObject({ conclusion: "success", detailsUrl: `https://github.com/acme/web/issues/${issue.number}` });
    // Opened Monday 14:00 UTC; internal bakes 1d, beta 2d.
    expect(plan?.output.summary).toContain("| internal | 0% | 2026-11-30 14:00 UTC |");
    expect(plan?.output.summary).toContain("| beta | 1% | 2026-12-01 14:00 UTC |");
    expect(plan?.output.summary).toContain("| full | 100% | 2026-12-03 14:00 UTC |");
    expect(issue.labels).toContain("stagegate");
    expect(issue.body).toContain(`Plan PR: #${pr.number}`);
  });

  it("opens one pending check per sign-off item, and a pending sign-off summary", async () => {
    const pr = await openPlanPr({ [PLAN_PATH]: PLAN });
    const checks = latestChecks(w, pr.headSha);
    expect(checks.get("stagegate / Code review completed")).toMatchObject({ status: "in_progress", conclusion: null, externalId: "signoff/code-review" });
    expect(checks.get("stagegate / Security review completed")).toMatchObject({ status: "in_progress", externalId: "signoff/security" });
    expect(checks.get("stagegate / Security review completed")?.output.summary).toContain("@sam");
    expect(checks.get("stagegate / sign-off")).toMatchObject({ status: "in_progress", conclusion: null });
  });

  it("does nothing twice when GitHub redelivers the webhook", async () => {
    const pr = await openPlanPr({ [PLAN_PATH]: PLAN });
    const runs = checkRuns(w, pr.headSha).length;
    const issues = w.emulator.repo(REPO).issues.size;
    const opened = w.emulator.webhooks.deliveries({ event: "pull_request", action: "opened" })[0];
    await w.emulator.webhooks.redeliver(opened?.id ?? "");
    await w.emulator.idle();
    expect(checkRuns(w, pr.headSha)).toHaveLength(runs);
    expect(w.emulator.repo(REPO).issues.size).toBe(issues);
  });
});

describe("pull requests that change no plan", () => {
  it("get passing plan and sign-off checks, so requiring them blocks nothing else", async () => {
    const pr = await openPlanPr({ "README.md": "# web, now with docs\n" }, "docs");
    const checks = latestChecks(w, pr.headSha);
    expect(checks.get("stagegate / plan")).toMatchObject({ conclusion: "success", output: expect.objectContaining({ title: "No rollout plan changed" }) });
    expect(checks.get("stagegate / sign-off")).toMatchObject({ status: "completed", conclusion: "success" });
    expect([...w.emulator.repo(REPO).issues.values()].filter((i) => !i.isPullRequest)).toEqual([]);
  });
});

describe("new pushes to a plan pull request", () => {
  async function signSecurityThenPush() {
    const first = (await openPlanPr({ [PLAN_PATH]: PLAN })).headSha;
    await w.emulator.as("sam").tick(REPO, trackingIssue(w).number, "signoff/security");
    await w.emulator.idle();
    const { value: commit } = await w.emulator.as("pam").push(REPO, "plan", { [PLAN_PATH]: PLAN.replace("bake: 2d", "bake: 3d") }, "Bake beta longer");
    await w.emulator.idle();
    return { first, head: commit.sha };
  }

  it("carry completed sign-offs over to the new head", async () => {
    const { first, head } = await signSecurityThenPush();
    expect(head).not.toBe(first);
    const checks = latestChecks(w, head);
    expect(checks.get("stagegate / Security review completed")).toMatchObject({ conclusion: "success", output: expect.objectContaining({ title: "Signed off by @sam" }) });
    expect(checks.get("stagegate / Code review completed")?.status).toBe("in_progress");
    expect(checks.get("stagegate / plan")?.output.summary).toContain("| full | 100% | 2026-12-04 14:00 UTC |");
  });

  it("start over when the settings dismiss stale sign-offs", async () => {
    await w.emulator.as("ada").push(REPO, "main", { ".github/stagegate.yml": `${SETTINGS}dismiss-stale-signoffs: true\n` });
    const { head } = await signSecurityThenPush();
    expect(latestChecks(w, head).get("stagegate / Security review completed")?.status).toBe("in_progress");
    expect(trackingIssue(w).body).toMatch(/- \[ \] Security review completed/);
  });
});
