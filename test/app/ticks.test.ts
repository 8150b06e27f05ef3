// Flow 2 against the emulator: people tick boxes in the tracking issue in a browser, and the
// App, a real server, verifies each tick against the roles of the default branch.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { comments, latestChecks, openPlanPullRequest, REPO, startAppWorld, startRollout, stateOnMain, ticked, trackingIssue, type AppWorld } from "./harness.js";

let w: AppWorld;
beforeEach(async () => {
  w = await startAppWorld();
});
afterEach(async () => {
  await w.close();
});

const SECURITY = "signoff/security";
const CODE_REVIEW = "signoff/code-review";
const NO_CRITICAL_BUGS = "exit/internal/no-critical-bugs";

async function tick(login: string, key: string, checked = true) {
  const issue = trackingIssue(w);
  if (checked) await w.emulator.as(login).tick(REPO, issue.number, key);
  else await w.emulator.as(login).untick(REPO, issue.number, key);
  await w.emulator.idle();
  return trackingIssue(w);
}

describe("while the plan pull request is open", () => {
  it("records a tick by the role holder on the item's check run and in the issue", async () => {
    const pr = await openPlanPullRequest(w);
    const issue = await tick("sam", SECURITY);
    expect(latestChecks(w, pr.headSha).get("stagegate / Security review completed")).toMatchObject({
      status: "completed",
      conclusion: "success",
      externalId: "signoff/security",
      output: expect.objectContaining({ title: "Signed off by @sam" }),
    });
    expect(ticked(issue.body, SECURITY)).toBe(true);
    expect(issue.body).toMatch(/Security review completed .*✅ @sam · 2026-11-30 14:00 UTC/);
    expect(comments(w, issue.number)).toEqual([]);
  });

  it("completes the sign-off summary once every item is signed, a team member's tick included", async () => {
    const pr = await openPlanPullRequest(w);
    await tick("sam", SECURITY);
    expect(latestChecks(w, pr.headSha).get("stagegate / sign-off")?.status).toBe("in_progress");
    await tick("lee", CODE_REVIEW);
    expect(latestChecks(w, pr.headSha).get("stagegate / Code review completed")).toMatchObject({ conclusion: "success" });
    expect(latestChecks(w, pr.headSha).get("stagegate / sign-off")).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("reopens the completed sign-off summary when a sign-off is withdrawn", async () => {
    const pr = await openPlanPullRequest(w);
    await tick("sam", SECURITY);
    await tick("lee", CODE_REVIEW);
    expect(latestChecks(w, pr.headSha).get("stagegate / sign-off")).toMatchObject({ status: "completed", conclusion: "success" });
    await tick("lee", CODE_REVIEW, false);
    expect(latestChecks(w, pr.headSha).get("stagegate / sign-off")).toMatchObject({ status: "in_progress", conclusion: null, output: expect.objectContaining({ title: "Waiting for sign-offs" }) });
  });

  it("reverts a tick by someone without the role and says who may tick it", async () => {
    const pr = await openPlanPullRequest(w);
    const issue = await tick("tara", SECURITY);
    expect(ticked(issue.body, SECURITY)).toBe(false);
    expect(latestChecks(w, pr.headSha).get("stagegate / Security review completed")?.status).toBe("in_progress");
    const [comment] = comments(w, issue.number);
    expect(comment?.author).toBe("stagegate[bot]");
    expect(comment?.body).toContain("@tara");
    expect(comment?.body).toContain("only @sam may tick it");
  });

  it("does not count a pending team invitation as membership", async () => {
    const pr = await openPlanPullRequest(w);
    const issue = await tick("ivan", CODE_REVIEW);
    expect(ticked(issue.body, CODE_REVIEW)).toBe(false);
    expect(latestChecks(w, pr.headSha).get("stagegate / Code review completed")?.status).toBe("in_progress");
    expect(comments(w, issue.number)[0]?.body).toContain("only a member of @acme/eng-leads may tick it");
  });

  it("restores an approval that a stranger unticks, and lets the role holder withdraw it", async () => {
    const pr = await openPlanPullRequest(w);
    await tick("sam", SECURITY);
    let issue = await tick("tara", SECURITY, false);
    expect(ticked(issue.body, SECURITY)).toBe(true);
    expect(comments(w, issue.number).at(-1)?.body).toContain("only @sam may untick it");
    expect(latestChecks(w, pr.headSha).get("stagegate / Security review completed")?.conclusion).toBe("success");

    issue = await tick("sam", SECURITY, false);
    expect(ticked(issue.body, SECURITY)).toBe(false);
    expect(latestChecks(w, pr.headSha).get("stagegate / Security review completed")).toMatchObject({ status: "in_progress", conclusion: null });
  });

  it("judges each box of one edit on its own, whatever else the edit changed", async () => {
    const pr = await openPlanPullRequest(w);
    const issue = trackingIssue(w);
    await w.emulator.as("sam").editIssueBody(REPO, issue.number, (body) =>
      `${body}\n\nNotes from sam: looks good.\n`
        .replace(/- \[ \] (Security review completed <!-- stagegate:item signoff\/security -->)/, "- [x] $1")
        .replace(/- \[ \] (Code review completed <!-- stagegate:item signoff\/code-review -->)/, "- [x] $1"),
    );
    await w.emulator.idle();
    const after = trackingIssue(w);
    expect(ticked(after.body, SECURITY)).toBe(true);
    expect(ticked(after.body, CODE_REVIEW)).toBe(false);
    expect(latestChecks(w, pr.headSha).get("stagegate / Security review completed")?.conclusion).toBe("success");
    expect(comments(w, issue.number)).toHaveLength(1);
    expect(comments(w, issue.number)[0]?.body).toContain("Code review completed");
  });

  it("keeps two quick ticks delivered in reverse order", async () => {
    const pr = await openPlanPullRequest(w);
    const issue = trackingIssue(w);
    w.emulator.webhooks.hold();
    await w.emulator.as("sam").tick(REPO, issue.number, SECURITY);
    await w.emulator.as("lee").tick(REPO, issue.number, CODE_REVIEW);
    await w.emulator.webhooks.release("reverse");
    await w.emulator.idle();
    const checks = latestChecks(w, pr.headSha);
    expect(checks.get("stagegate / Security review completed")?.conclusion).toBe("success");
    expect(checks.get("stagegate / Code review completed")?.conclusion).toBe("success");
    const after = trackingIssue(w);
    expect(ticked(after.body, SECURITY) && ticked(after.body, CODE_REVIEW)).toBe(true);
  });

  it("follows a tick and its untick even when they arrive in reverse order", async () => {
    const pr = await openPlanPullRequest(w);
    const issue = trackingIssue(w);
    w.emulator.webhooks.hold();
    await w.emulator.as("sam").tick(REPO, issue.number, SECURITY);
    await w.emulator.as("sam").untick(REPO, issue.number, SECURITY);
    await w.emulator.webhooks.release("reverse");
    await w.emulator.idle();
    expect(latestChecks(w, pr.headSha).get("stagegate / Security review completed")?.status).toBe("in_progress");
    expect(ticked(trackingIssue(w).body, SECURITY)).toBe(false);
  });
});

describe("when ticks cannot be verified", () => {
  it("leaves the box alone and says what to fix when the settings on the default branch are broken", async () => {
    await openPlanPullRequest(w);
    await w.emulator.as("ada").push(REPO, "main", { ".github/stagegate.yml": "roles:\n  qa-lead: { users: quinn }\n" });
    const issue = await tick("sam", SECURITY);
    expect(ticked(issue.body, SECURITY)).toBe(true);
    const [comment] = comments(w, issue.number);
    expect(comment?.body).toContain("@sam, ticks cannot be verified until the settings on main parse again");
    expect(comment?.body).toContain(".github/stagegate.yml:2:");
  });
});

describe("once the rollout has started", () => {
  it("commits an exit-item approval to the state file", async () => {
    await startRollout(w);
    const issue = await tick("quinn", NO_CRITICAL_BUGS);
    expect(stateOnMain(w).approvals).toContainEqual({ item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-11-30T14:00:00Z" });
    expect(stateOnMain(w).history.at(-1)).toMatchObject({ action: "approve", by: "quinn" });
    expect(ticked(issue.body, NO_CRITICAL_BUGS)).toBe(true);
    expect(issue.body).toMatch(/No critical bugs .*✅ @quinn/);
  });

  it("reverts an exit-item tick by someone else without touching the state file", async () => {
    await startRollout(w);
    const before = w.emulator.readFile(REPO, ".github/rollouts/state/playlist-editor.yml");
    const issue = await tick("sam", NO_CRITICAL_BUGS);
    expect(ticked(issue.body, NO_CRITICAL_BUGS)).toBe(false);
    expect(w.emulator.readFile(REPO, ".github/rollouts/state/playlist-editor.yml")).toBe(before);
    expect(comments(w, issue.number).at(-1)?.body).toContain("only @quinn may tick it");
  });

  it("withdraws an approval when its role holder unticks it", async () => {
    await startRollout(w);
    await tick("quinn", NO_CRITICAL_BUGS);
    await tick("quinn", NO_CRITICAL_BUGS, false);
    expect(stateOnMain(w).approvals.some((a) => a.item === "no-critical-bugs")).toBe(false);
    expect(stateOnMain(w).history.at(-1)).toMatchObject({ action: "withdraw", by: "quinn" });
  });
});
