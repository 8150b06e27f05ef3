// Edits of a tracking issue that are not ticks, and ticks that cannot be verified or recorded,
// through the App as a real server. A tick is recorded only where the plan it belongs to says,
// by someone the default branch's roles allow; otherwise the person is told why, once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { comments, latestChecks, openPlanPullRequest, PLAN, PLAN_PATH, REPO, startAppWorld, startRollout, STATE_PATH, stateOnMain, ticked, trackingIssue, type AppWorld } from "./harness.js";

const SECURITY = "signoff/security";
const NO_CRITICAL_BUGS = "exit/internal/no-critical-bugs";
const PUT_CONTENTS = "PUT /repos/{owner}/{repo}/contents/{path}";
const CHECK_RUN_WRITES = ["POST /repos/{owner}/{repo}/check-runs", "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}"];

let w: AppWorld;
beforeEach(async () => {
  w = await startAppWorld();
});
afterEach(async () => {
  await w.close();
});

async function tick(login: string, key: string) {
  await w.emulator.as(login).tick(REPO, trackingIssue(w).number, key);
  await w.emulator.idle();
  return trackingIssue(w);
}

const botComments = (issue: number) => comments(w, issue).filter((c) => c.author === "stagegate[bot]").map((c) => c.body);
const checkRunWrites = () => CHECK_RUN_WRITES.reduce((n, route) => n + w.emulator.requests.count({ route }), 0);

describe("edits that tick nothing", () => {
  it("leave the issue, its checks and the state alone, and keep a box of someone's own out of the way", async () => {
    await openPlanPullRequest(w);
    const issue = trackingIssue(w);
    const writes = checkRunWrites();
    await w.emulator.as("sam").editIssueBody(REPO, issue.number, (body) => `${body}\n\nNotes from sam:\n- [ ] ask support about the rollout\n`);
    await w.emulator.idle();
    expect(checkRunWrites()).toBe(writes);
    expect(botComments(issue.number)).toEqual([]);
    expect(trackingIssue(w).body).toContain("ask support about the rollout");

    // The next tick is verified as usual beside it.
    expect(ticked((await tick("sam", SECURITY)).body, SECURITY)).toBe(true);
    expect(botComments(issue.number)).toEqual([]);
  });
});

describe("ticks before the start that cannot be verified", () => {
  it("on a plan pull request closed without merging: nothing to record them in", async () => {
    const pr = await openPlanPullRequest(w);
    await w.emulator.as("pam").closeIssue(REPO, pr.number);
    await w.emulator.idle();
    const issue = await tick("sam", SECURITY);
    expect(botComments(issue.number)).toEqual(["@sam, playlist-editor has neither an open plan pull request nor a state file, so there is nothing to record ticks in yet."]);
    expect(latestChecks(w, pr.headSha).get("stagegate / Security review completed")?.status).toBe("in_progress");
  });

  it("on an issue edited to name another pull request: never recorded on that pull request's checks", async () => {
    await openPlanPullRequest(w);
    const { value: other } = await w.emulator.as("pam").openPullRequest(REPO, { head: "docs", title: "Docs", files: { "README.md": "# web, with docs\n" } });
    await w.emulator.idle();
    const issue = trackingIssue(w);
    await w.emulator.as("tara").editIssueBody(REPO, issue.number, (body) => body.replace(/<!-- stagegate:pull-request #?\d+ -->/, `<!-- stagegate:pull-request #${other.number} -->`));
    await w.emulator.idle();
    await tick("sam", SECURITY);
    expect(botComments(issue.number)).toEqual(["@sam, playlist-editor has neither an open plan pull request nor a state file, so there is nothing to record ticks in yet."]);
    expect(latestChecks(w, other.headSha).get("stagegate / Security review completed")).toBeUndefined();
  });

  it("while the plan in the pull request does not parse: says to fix it first", async () => {
    const pr = await openPlanPullRequest(w);
    await w.emulator.as("pam").push(REPO, "plan", { [PLAN_PATH]: "stages: [ {name: oops" }, "Work in progress");
    await w.emulator.idle();
    const issue = await tick("sam", SECURITY);
    expect(ticked(issue.body, SECURITY)).toBe(true);
    expect(botComments(issue.number)).toEqual([`@sam, ticks cannot be verified until the plan in #${pr.number} parses (see its \`stagegate / plan\` check).`]);
  });

  it("on an item a push has just removed from the plan: the box is put back", async () => {
    await openPlanPullRequest(w);
    const issue = trackingIssue(w);
    w.emulator.webhooks.hold();
    await w.emulator.as("pam").push(REPO, "plan", { [PLAN_PATH]: PLAN.replace(/ {2}- \{ id: security.*\n/, "") }, "No security review after all");
    await w.emulator.as("sam").tick(REPO, issue.number, SECURITY);
    // The tick is worked before the push: the plan it is judged by has no such item.
    await w.emulator.webhooks.release("reverse");
    await w.emulator.idle();
    expect(botComments(issue.number).join("\n")).toContain("signoff/security is not an item of the plan any more; I put the box back.");
    expect(trackingIssue(w).body).not.toContain(`<!-- stagegate:item ${SECURITY} -->`);
  });
});

describe("ticks after the start that cannot be recorded", () => {
  it("while the plan on the default branch does not parse: says what to fix", async () => {
    await startRollout(w);
    await w.emulator.as("ada").push(REPO, "main", { [PLAN_PATH]: "stages: [ {name: oops" });
    await w.emulator.idle();
    const issue = await tick("quinn", NO_CRITICAL_BUGS);
    const [comment] = botComments(issue.number);
    expect(comment).toContain("@quinn, ticks cannot be verified until the plan on main parses again:");
    expect(comment).toContain(`${PLAN_PATH}:1:`);
    expect(stateOnMain(w).approvals.some((a) => a.item === "no-critical-bugs")).toBe(false);
  });

  it("when the state file keeps changing: says the box could not be recorded", async () => {
    await startRollout(w);
    const conflicts = w.emulator.faults.inject({ route: PUT_CONTENTS, status: 409, times: 5 });
    const issue = await tick("quinn", NO_CRITICAL_BUGS);
    expect(conflicts.hits).toBe(5);
    expect(botComments(issue.number)).toEqual([
      "@quinn, thank you — but not every change could stand:\n\n- **No critical bugs** could not be recorded (The state file kept changing while this was being applied (5 attempts); nothing was changed. Try again in a moment.); the box stays as you left it, please try again.",
    ]);
    expect(stateOnMain(w).approvals.some((a) => a.item === "no-critical-bugs")).toBe(false);
  });

  it("that the state file already records: commits nothing and shows it", async () => {
    await startRollout(w, { approvals: [{ item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-11-30T14:00:00Z" }] });
    const commits = w.emulator.requests.count({ route: PUT_CONTENTS });
    const issue = await tick("quinn", NO_CRITICAL_BUGS);
    expect(w.emulator.requests.count({ route: PUT_CONTENTS })).toBe(commits);
    expect(issue.body).toMatch(/No critical bugs .*✅ @quinn/);
    expect(botComments(issue.number)).toEqual([]);
  });

  it("while the state file does not parse: says the box could not be recorded", async () => {
    await startRollout(w);
    await w.emulator.as("ada").push(REPO, "main", { [STATE_PATH]: "stage: [\n" });
    await w.emulator.idle();
    const issue = await tick("quinn", NO_CRITICAL_BUGS);
    expect(botComments(issue.number).join("\n")).toContain("**No critical bugs** could not be recorded");
    expect(w.emulator.readFile(REPO, STATE_PATH)).toBe("stage: [\n");
  });
});

describe("a copy of the tracking issue", () => {
  it("whose marker someone removes is left alone: only the issue the state file records is restored", async () => {
    await startRollout(w);
    const original = trackingIssue(w);
    // The first commit that knows the tracking issue records it.
    await w.emulator.as("pam").comment(REPO, original.number, "/pause checking a report");
    await w.emulator.idle();
    expect(stateOnMain(w).trackingIssue).toBe(original.number);
    const { value: copy } = await w.emulator.as("pam").openIssue(REPO, { title: "Copy of the rollout", body: trackingIssue(w).body ?? "" });
    await w.emulator.idle();
    await w.emulator.as("pam").editIssueBody(REPO, copy.number, "Moved to the wiki.");
    await w.emulator.idle();
    expect(w.emulator.repo(REPO).issues.get(copy.number)?.body).toBe("Moved to the wiki.");
    expect(trackingIssue(w).body).toContain("<!-- stagegate:rollout playlist-editor -->");
  });
});
