// No announcement is lost: a process that commits a promotion and dies before announcing it
// leaves the announcement to the next scheduled run or App event, which posts it exactly once
// (core/announcements.ts). And one tracking issue per rollout: found by its title before the
// rollout starts when its body was replaced, recreated once when it was deleted.
import { afterEach, describe, expect, it } from "vitest";
import { rolloutMarker } from "../../core/tracking-issue/marker.js";
import { ISSUE_TITLE, PLAN, PLAN_PATH, REPO, botReactions, issueComments, projectedIssueBody, stateOnMain, trackingIssue, visibleText, type FaultWorld } from "./fault-world.js";
import { comment, dueForPromotion, openPlanPullRequest, promotionComments, undoneDeliveries } from "./fault-flow.js";
import { startFaultWorld } from "./fault-world.js";

const POST_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const LIST_COMMENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
const QUARTER_HOUR = 15 * 60_000;
const PROMOTED = "🚀 **Promoted**: playlist-editor moved internal → beta (1%) by stagegate: bake 1d elapsed, exit items ticked.\n\n👤 Next: the exit checklist of beta, ticked in this issue by @acme/sre (operations-lead).";

let w: FaultWorld;
afterEach(async () => {
  await w?.close();
});

/** The comments announcing a promotion, with their hidden text. */
const promotionBodies = () => issueComments(w).filter((c) => c.body.startsWith("🚀 **Promoted**")).map((c) => c.body);

/** The scheduled Action promotes to beta and dies before its announcement is posted. */
async function actionDiesBeforeAnnouncing(): Promise<void> {
  w = await dueForPromotion();
  // The comment never gets through while this run lives: as if the runner were killed after the commit.
  const dead = w.gh.faults.inject({ route: POST_COMMENT, actor: w.actionActor, status: 403 });
  const run = await w.action("schedule");
  dead.remove();
  expect(dead.hits).toBeGreaterThan(0);
  expect(run.code).toBe(1);
  expect(stateOnMain(w)).toMatchObject({ stage: "beta", percent: 1 });
  expect(promotionComments(w)).toEqual([]);
}

describe("a promotion committed by a process that died before announcing it", () => {
  it("is announced by the next scheduled run, exactly once, and a run after that reads no comment", async () => {
    await actionDiesBeforeAnnouncing();
    // A person pasting the announcement's key silences nothing: only a bot's comment counts.
    const promotedAt = stateOnMain(w).history.find((h) => h.action === "promote")?.at;
    await comment(w, "rita", `nothing to see <!-- stagegate:announce playlist-editor promote@${promotedAt} -->`);
    w.gh.clock.advance(QUARTER_HOUR);
    const next = await w.action("schedule");
    expect(next.code).toBe(0);
    expect(promotionComments(w)).toEqual([PROMOTED]);
    // It carries the key of its history entry, and the issue records it as posted.
    expect(promotionBodies()[0]).toContain(`<!-- stagegate:announce playlist-editor promote@${promotedAt} -->`);
    expect(trackingIssue(w).body).toBe(projectedIssueBody(w));

    // Repairing again posts nothing more, and a run with nothing new reads no comment at all.
    const listed = w.gh.requests.count({ route: LIST_COMMENTS, actor: w.actionActor });
    w.gh.clock.advance(QUARTER_HOUR);
    expect((await w.action("schedule")).code).toBe(0);
    expect(promotionComments(w)).toEqual([PROMOTED]);
    expect(w.gh.requests.count({ route: LIST_COMMENTS, actor: w.actionActor })).toBe(listed);
    expect(w.gh.requests.violations()).toEqual([]);
  });

  it("is announced by the App's next event, once, and a redelivered /promote then only gets its 🚀", async () => {
    w = await dueForPromotion();
    const dead = w.gh.faults.inject({ route: POST_COMMENT, actor: w.appActor, status: 403 });
    const { value: promote, deliveries } = await w.gh.as("pam").comment(REPO, trackingIssue(w).number, "/promote");
    await w.gh.idle();
    dead.remove();
    expect(stateOnMain(w)).toMatchObject({ stage: "beta", percent: 1 });
    expect(promotionComments(w)).toEqual([]);

    w.gh.clock.advance(QUARTER_HOUR);
    const status = await comment(w, "rita", "/status");
    expect(botReactions(status)).toEqual(["eyes", "rocket"]);
    expect(promotionComments(w)).toEqual([PROMOTED.replace("by stagegate", "by @\u200dpam")]);

    // The failed delivery, redelivered: its commit is announced already, so it only reacts.
    await w.gh.webhooks.redeliver(deliveries[0]?.id ?? "");
    await w.gh.idle();
    expect(botReactions(issueComments(w).find((c) => c.id === promote.id) ?? promote)).toEqual(["eyes", "rocket"]);
    await comment(w, "rita", "/status");
    expect(promotionComments(w)).toHaveLength(1);
    expect(stateOnMain(w).history.filter((h) => h.action === "promote")).toHaveLength(1);
  });

  it("is not posted twice by a run racing the process that is announcing it", async () => {
    await actionDiesBeforeAnnouncing();
    // A minute later the committing process could still be posting it: the next run leaves it.
    w.gh.clock.advance(60_000);
    expect((await w.action("schedule")).code).toBe(0);
    expect(promotionComments(w)).toEqual([]);
    w.gh.clock.advance(QUARTER_HOUR);
    expect((await w.action("schedule")).code).toBe(0);
    expect(promotionComments(w)).toEqual([PROMOTED]);
  });

  it("is not posted again when someone deletes its comment: the issue records it as announced", async () => {
    await actionDiesBeforeAnnouncing();
    w.gh.clock.advance(QUARTER_HOUR);
    await w.action("schedule");
    const posted = issueComments(w).find((c) => c.body.startsWith("🚀 **Promoted**"));
    const issue = trackingIssue(w);
    issue.commentIds = issue.commentIds.filter((id) => id !== posted?.id);
    w.gh.clock.advance(QUARTER_HOUR);
    expect((await w.action("schedule")).code).toBe(0);
    await comment(w, "rita", "/status");
    expect(promotionComments(w)).toEqual([]);
  });
});

describe("a /pause whose first attempt died after its commit, then redelivered", () => {
  it("answers with the pause it made (🚀 and its announcement, once), not with 'already paused'", async () => {
    w = await dueForPromotion();
    const dead = w.gh.faults.inject({ route: POST_COMMENT, actor: w.appActor, status: 403 });
    const { value: pause } = await w.gh.as("pam").comment(REPO, trackingIssue(w).number, "/pause waiting for support");
    await w.gh.idle();
    dead.remove();
    expect(stateOnMain(w)).toMatchObject({ status: "paused" });
    const [delivery] = await undoneDeliveries(w);
    await w.gh.webhooks.redeliver(delivery as string);
    await w.gh.idle();
    expect(botReactions(issueComments(w).find((c) => c.id === pause.id) ?? pause)).toEqual(["eyes", "rocket"]);
    const answers = issueComments(w).filter((c) => c.id > pause.id).map((c) => visibleText(c.body));
    expect(answers).toEqual(["⏸️ **Paused**: playlist-editor is paused at internal by @\u200dpam: waiting for support. The bake clock keeps running; /resume to continue."]);
    expect(stateOnMain(w).history.filter((h) => h.action === "pause")).toHaveLength(1);
  });
});

describe("one tracking issue per rollout", () => {
  it("is found by its label and title before the start when someone replaced its body, marker and all", async () => {
    w = await startFaultWorld();
    await openPlanPullRequest(w);
    const issue = trackingIssue(w);
    await w.gh.as("pam").editIssueBody(REPO, issue.number, "notes about the launch");
    await w.gh.idle();
    // The next event of the plan PR renders into that issue again; no second issue is opened.
    await w.gh.as("pam").push(REPO, "plan", { [PLAN_PATH]: PLAN.replace("description: Playlist Editor", "description: The Playlist Editor") });
    await w.gh.idle();
    const issues = [...w.gh.repo(REPO).issues.values()].filter((i) => !i.isPullRequest);
    expect(issues.map((i) => i.number)).toEqual([issue.number]);
    expect(trackingIssue(w).body).toContain(rolloutMarker("playlist-editor"));
    expect(trackingIssue(w).title).toBe(ISSUE_TITLE);
  });

  it("is recreated once when deleted, not on every run or event, without repeating the history", async () => {
    w = await dueForPromotion();
    const deleted = trackingIssue(w).number;
    w.gh.repo(REPO).issues.delete(deleted);
    for (let run = 0; run < 2; run++) {
      w.gh.clock.advance(QUARTER_HOUR);
      expect((await w.action("schedule")).code).toBe(0);
    }
    const recreated = trackingIssue(w);
    expect(recreated.number).not.toBe(deleted);
    await comment(w, "rita", "/status");
    expect([...w.gh.repo(REPO).issues.values()].filter((i) => !i.isPullRequest && i.title === ISSUE_TITLE)).toHaveLength(1);
    // Its first comments are this run's promotion and the /status exchange, not the old start.
    expect(issueComments(w).filter((c) => c.body.startsWith("▶️ **Started**"))).toEqual([]);
    expect(promotionComments(w)).toHaveLength(1);
  });
});
