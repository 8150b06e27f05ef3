// Fault 2: twenty people comment `/promote` on an eligible rollout at the same moment, and the
// twenty deliveries reach the App at once. Exactly one promotion may come of it.
//
// The App acknowledges each delivery as soon as it is verified and queued, so all twenty are
// answered with 200 however slow the work behind them is, and works the twenty one after another
// (one rollout). What each of the twenty gets (asserted below): 👀 on receipt, then exactly one
// outcome. The first one worked gets 🚀 and the promotion comment naming them. Each of the other
// nineteen gets 😕 and a reply that says where the rollout stands now: "Cannot promote
// playlist-editor to full (100%)" with what that next promotion still waits for, so nobody is
// left believing the rollout is stuck at the stage they saw.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT, botReactions, issueComments, REPO, stateCommits, stateOnMain, trackingIssue, visibleText, type FaultWorld } from "./fault-world.js";
import { dueForPromotion, promotionComments } from "./fault-flow.js";
import { commitRequest } from "./fault-gate.js";

const PEOPLE = Array.from({ length: 20 }, (_, i) => `dev${String(i + 1).padStart(2, "0")}`);
const PUT_CONTENTS = "PUT /repos/{owner}/{repo}/contents/{path}";

let w: FaultWorld;
let commitsBefore: string[];

beforeAll(async () => {
  w = await dueForPromotion({ people: PEOPLE });
  commitsBefore = stateCommits(w);
  w.gh.requests.reset();

  // The first commit waits at the gate until all twenty deliveries have been acknowledged: the
  // acknowledgements cannot depend on the work.
  const commits = w.appGate.hold(commitRequest);
  const issue = trackingIssue(w).number;
  const comments = PEOPLE.map((login) => w.gh.as(login).comment(REPO, issue, "/promote"));
  await commits.until(1);
  const acknowledged = () => w.gh.webhooks.deliveries({ event: "issue_comment" }).filter((d) => (d.payload.comment as { body?: string }).body === "/promote" && d.status === 200).length;
  // Polled a bounded number of times: the deliveries' answers are what is waited for.
  for (let round = 0; acknowledged() < PEOPLE.length && round < 1_000; round++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(acknowledged()).toBe(PEOPLE.length);
  commits.release();
  const acted = await Promise.all(comments);
  await w.gh.idle();
  // Every delivery was answered (the App failed none of them).
  expect(acted.flatMap((a) => a.deliveries.map((d) => d.status))).toEqual(PEOPLE.map(() => 200));
});
afterAll(async () => {
  await w?.close();
});

describe("twenty /promote comments at once on an eligible rollout", () => {
  it("promote exactly once, in one commit", () => {
    const puts = w.gh.requests.all({ route: PUT_CONTENTS }).map((r) => r.status);
    // Worked one after another: one commit, and nineteen refusals decided on the promoted state.
    expect(puts).toEqual([200]);
    expect(stateCommits(w)).toEqual([...commitsBefore, "playlist-editor: promote internal → beta (1%): bake 1d elapsed, exit items ticked"]);
    const state = stateOnMain(w);
    expect(state).toMatchObject({ stage: "beta", percent: 1, status: "progressing" });
    expect(state.history.map((h) => h.action)).toEqual(["start", "approve", "promote"]);
  });

  it("give every comment an outcome: one 🚀 with the promotion comment, nineteen 😕 each with a reply saying what the next promotion waits for", () => {
    const all = issueComments(w);
    const commands = all.filter((c) => c.body === "/promote");
    expect(commands.map((c) => c.author).sort()).toEqual(PEOPLE);
    const outcomes = commands.map((c) => botReactions(c));
    expect(outcomes.filter((r) => r.join() === "eyes,rocket")).toHaveLength(1);
    expect(outcomes.filter((r) => r.join() === "confused,eyes")).toHaveLength(19);

    const winner = commands.find((c) => botReactions(c).includes("rocket"))?.author;
    expect(stateOnMain(w).history.at(-1)).toMatchObject({ action: "promote", from: "internal", to: "beta", by: winner });
    expect(promotionComments(w)).toEqual([`🚀 **Promoted**: playlist-editor moved internal → beta (1%) by @\u200d${winner}: bake 1d elapsed, exit items ticked.`]);

    const replies = all.filter((c) => c.author === BOT && !c.body.startsWith("🚀")).map((c) => visibleText(c.body));
    expect(replies).toHaveLength(19);
    for (const reply of replies) {
      // Each of the others is told what the next stage still needs.
      expect(reply).toBe(
        "Cannot promote playlist-editor to full (100%):\n- 1 exit item of stage beta is not ticked: Support is briefed (operations-lead)\n- bake: 1d left (until 2026-12-02 14:01 UTC)",
      );
    }
  });

  it("leave the tracking issue showing the one promotion", () => {
    const body = trackingIssue(w).body ?? "";
    expect(body).toContain("**Stage:** beta (1%)");
    expect(body.match(/\| promote \|/g)).toHaveLength(1);
    expect(w.gh.requests.violations()).toEqual([]);
  });
});
