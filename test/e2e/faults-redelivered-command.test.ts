// A command is answered in several writes: 👀, the reply (or a step's announcement), then 🚀 or
// 😕. A try that fails between the answer and its reaction is tried again by the App's queue (a
// 502 is transient), as a "Redeliver" would. The command must not be answered twice: the retried
// delivery only adds the reaction that was missing.
import { afterEach, describe, expect, it } from "vitest";
import { BOT, botReactions, issueComments, REPO, stateCommits, stateOnMain, trackingIssue, visibleText, type FaultWorld } from "./fault-world.js";
import { dueForPromotion, promotionComments, retriedTries, undoneDeliveries } from "./fault-flow.js";

const REACTION = "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions";
const READ_FILE = "GET /repos/{owner}/{repo}/contents/{path}";

let w: FaultWorld;
afterEach(async () => {
  await w?.close();
});

/**
 * Comments `body` as `login`; the first try fails right after 👀 (reading the rollout's files),
 * the second fails on the final reaction, and the third goes through.
 */
async function answeredThroughFailures(login: string, body: string) {
  const readFile = w.gh.faults.inject({ route: READ_FILE, actor: w.appActor, status: 502, times: 1 });
  // The first reaction (👀) goes through; the next one, the final reaction, fails once.
  const finalReaction = w.gh.faults.inject({ route: REACTION, actor: w.appActor, status: 502, times: 1, skip: 1 });
  const { value: command, deliveries } = await w.gh.as(login).comment(REPO, trackingIssue(w).number, body);
  await w.gh.idle();
  expect(deliveries.map((d) => d.status)).toEqual([200]);
  expect([readFile.hits, finalReaction.hits]).toEqual([1, 1]);
  expect(await retriedTries(w)).toBe(2);
  expect(await undoneDeliveries(w)).toEqual([]);
  const answers = issueComments(w).filter((c) => c.author === BOT && c.id > command.id);
  return { reactions: botReactions(command), answers: answers.map((c) => visibleText(c.body)) };
}

describe("a /promote whose first attempt died right after its commit, then redelivered", () => {
  it("answers with its real outcome: 🚀 and the promotion, announced once, not a refusal about the next stage", async () => {
    w = await dueForPromotion();
    // Not retried by the client, and the attempt's own second try fails too: it ends between the
    // commit and its announcement.
    const crash = w.gh.faults.inject({ route: "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", actor: w.appActor, status: 403, times: 2 });
    const { value: command } = await w.gh.as("pam").comment(REPO, trackingIssue(w).number, "/promote");
    await w.gh.idle();
    expect(crash.hits).toBe(2);
    expect(stateOnMain(w)).toMatchObject({ stage: "beta", percent: 1 });
    expect(promotionComments(w)).toEqual([]);
    // Not transient: the App's queue gives it up, and a person presses "Redeliver".
    const [delivery] = await undoneDeliveries(w);
    await w.gh.webhooks.redeliver(delivery as string);
    await w.gh.idle();
    expect(botReactions(command)).toEqual(["eyes", "rocket"]);
    expect(promotionComments(w)).toHaveLength(1);
    expect(promotionComments(w)[0]).toMatch(/^🚀 \*\*Promoted\*\*: playlist-editor moved internal → beta \(1%\) by @\u200d?pam/);
    expect(stateOnMain(w).history.filter((h) => h.action === "promote")).toHaveLength(1);
  });
});

describe("a command whose work failed after it was answered, then was tried again", () => {
  it("/status is replied to once", async () => {
    w = await dueForPromotion();
    const { reactions, answers } = await answeredThroughFailures("rita", "/status");
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain("stage **internal** at 0%");
  });

  it("a refused command is explained once", async () => {
    w = await dueForPromotion();
    const { reactions, answers } = await answeredThroughFailures("pam", "/promote --force the dashboards are down");
    expect(reactions).toEqual(["confused", "eyes"]);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain("Sorry @pam, `/promote --force` is reserved for the promoters");
    expect(stateOnMain(w).stage).toBe("internal");
  });

  it("a /promote that promoted keeps its 🚀 and its one announcement, with no refusal after it", async () => {
    w = await dueForPromotion();
    const { reactions, answers } = await answeredThroughFailures("pam", "/promote");
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(answers).toHaveLength(1);
    expect(promotionComments(w)).toHaveLength(1);
    expect(answers[0]).toBe(promotionComments(w)[0]);
    expect(stateOnMain(w)).toMatchObject({ stage: "beta", percent: 1 });
    expect(stateCommits(w)).toHaveLength(3);
  });
});
