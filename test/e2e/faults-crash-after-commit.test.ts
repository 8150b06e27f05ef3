// Fault 5: a crash between the state commit and the issue update. The commit is the truth; the
// tracking issue is only its projection, so it may be left stale for a while, but the next event
// that reaches stagegate, a scheduled run or any webhook, must bring it back in line with the
// state file.
import { afterEach, describe, expect, it } from "vitest";
import { botReactions, issueComments, REPO, projectedIssueBody, stateCommits, stateOnMain, trackingIssue, type FaultWorld } from "./fault-world.js";
import { comment, dueForPromotion, promotionComments } from "./fault-flow.js";

const UPDATE_ISSUE = "PATCH /repos/{owner}/{repo}/issues/{issue_number}";
const QUARTER_HOUR = 15 * 60_000;

let w: FaultWorld;
afterEach(async () => {
  await w?.close();
});

/** The scheduled Action promotes to beta, then fails to update the issue: the run goes red. */
async function actionCrashesAfterCommit(): Promise<FaultWorld> {
  const world = await dueForPromotion();
  // A failure the Action does not retry (it retries 5xx and rate limits): the issue update
  // fails for good, as if the run had died right after its commit.
  const crash = world.gh.faults.inject({ route: UPDATE_ISSUE, actor: world.actionActor, status: 403, times: 1 });
  const run = await world.action("schedule");
  expect(crash.hits).toBe(1);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/the token lacks issues: write \(PATCH \/repos\/acme\/web\/issues\/\d+\): add it to the workflow.s permissions:/);
  expectStale(world);
  // The commit stands, so it is announced all the same: people are not left waiting on an issue
  // that has not caught up.
  expect(promotionComments(world)).toEqual(["🚀 **Promoted**: playlist-editor moved internal → beta (1%) by stagegate: bake 1d elapsed, exit items ticked.\n\n👤 Next: the exit checklist of beta, ticked in this issue by @acme/sre (operations-lead)."]);
  return world;
}

/** The state file says beta, the issue still says internal. */
function expectStale(world: FaultWorld): void {
  expect(stateOnMain(world)).toMatchObject({ stage: "beta", percent: 1 });
  expect(stateCommits(world)).toHaveLength(3);
  const body = trackingIssue(world).body ?? "";
  expect(body).toContain("**Stage:** internal (0%)");
  expect(body).not.toBe(projectedIssueBody(world));
}

/** Caught up: the issue is the projection of the state file, which nothing changed again. */
function expectHealed(world: FaultWorld): void {
  expect(promotionComments(world)).toHaveLength(1);
  expect(trackingIssue(world).body).toBe(projectedIssueBody(world));
  expect(trackingIssue(world).body).toContain("**Stage:** beta (1%)");
  expect(stateCommits(world)).toHaveLength(3);
  expect(stateOnMain(world).history.map((h) => h.action)).toEqual(["start", "approve", "promote"]);
  expect(world.gh.requests.violations()).toEqual([]);
}

describe("a crash after the state commit, before the issue update", () => {
  it("leaves the issue stale until the next scheduled run heals it", async () => {
    w = await actionCrashesAfterCommit();
    w.gh.clock.advance(QUARTER_HOUR);
    const next = await w.action("schedule");
    expect(next.code).toBe(0);
    expect(next.outputs.changed).toBe("false");
    expectHealed(w);
  });

  it("leaves the issue stale until the next webhook, a /status comment, heals it", async () => {
    w = await actionCrashesAfterCommit();
    w.gh.clock.advance(QUARTER_HOUR);
    const status = await comment(w, "rita", "/status");
    expect(botReactions(status)).toEqual(["eyes", "rocket"]);
    expectHealed(w);
  });

  it("in the App's /promote, is healed by the next scheduled run", async () => {
    w = await dueForPromotion();
    // A failure the App's queue does not retry (a 502 would be tried again at once).
    const crash = w.gh.faults.inject({ route: UPDATE_ISSUE, actor: w.appActor, status: 403, times: 1 });
    const { value: promote, deliveries } = await w.gh.as("pam").comment(REPO, trackingIssue(w).number, "/promote");
    await w.gh.idle();
    expect(crash.hits).toBe(1);
    // The App acknowledged the delivery, and its work failed: it waits in the App's failed set.
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    expect((await w.appFailed()).map((f) => f.id)).toEqual(deliveries.map((d) => d.id));
    expect(botReactions(issueComments(w).find((c) => c.id === promote.id) ?? promote)).toEqual(["eyes"]);
    expectStale(w);
    expect(promotionComments(w)).toEqual(["🚀 **Promoted**: playlist-editor moved internal → beta (1%) by @\u200dpam: bake 1d elapsed, exit items ticked.\n\n👤 Next: the exit checklist of beta, ticked in this issue by @acme/sre (operations-lead)."]);

    w.gh.clock.advance(QUARTER_HOUR);
    const next = await w.action("schedule");
    expect(next.code).toBe(0);
    expectHealed(w);

    // Someone redelivers the failed delivery: the command was answered, so it only gets its 🚀.
    await w.gh.webhooks.redeliver(deliveries[0]?.id ?? "");
    await w.gh.idle();
    expect(botReactions(issueComments(w).find((c) => c.id === promote.id) ?? promote)).toEqual(["eyes", "rocket"]);
    expect(await w.appFailed()).toEqual([]);
    expectHealed(w);
  });
});
