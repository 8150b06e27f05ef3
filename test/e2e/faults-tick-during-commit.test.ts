// Fault 3: a tick and the clock's promotion meet on the state file. The rollout has baked its
// day in internal with its exit item approved, so the scheduled Action promotes it to beta; at
// that moment omar ticks "Support is briefed", beta's exit item. Whichever order the two writes
// land in, both must survive: the approval is in the state file, and the rollout is in beta.
import { afterEach, describe, expect, it } from "vitest";
import { ITEMS, REPO, stateCommits, stateOnMain, ticked, trackingIssue, type FaultWorld } from "./fault-world.js";
import { dueForPromotion, promotionComments } from "./fault-flow.js";
import { commitRequest } from "./fault-gate.js";

const PUT_CONTENTS = "PUT /repos/{owner}/{repo}/contents/{path}";

let w: FaultWorld;
afterEach(async () => {
  await w?.close();
});

/** omar ticks beta's exit item; the App does not hear of it until the returned release. */
async function heldTick(world: FaultWorld): Promise<() => Promise<void>> {
  world.gh.webhooks.hold();
  await world.gh.as("omar").tick(REPO, trackingIssue(world).number, ITEMS.supportReady);
  return async () => {
    await world.gh.webhooks.release();
    await world.gh.idle();
  };
}

function expectBothSurvived(world: FaultWorld): void {
  const state = stateOnMain(world);
  expect(state).toMatchObject({ stage: "beta", percent: 1, status: "progressing", entered: "2026-12-01T14:01:00Z" });
  expect(state.approvals).toContainEqual({ item: "support-ready", stage: "beta", by: "omar", at: "2026-12-01T14:01:00Z" });
  expect(state.approvals.map((a) => a.item).sort()).toEqual(["code-review", "no-critical-bugs", "security", "support-ready"]);
  expect(state.history.filter((h) => h.action === "promote")).toEqual([
    expect.objectContaining({ from: "internal", to: "beta", by: "stagegate", reason: "bake 1d elapsed, exit items ticked" }),
  ]);
  // One commit each: the start, quinn's approval, the promotion and omar's approval.
  expect(stateCommits(world)).toHaveLength(4);
  expect(promotionComments(world)).toHaveLength(1);
  const body = trackingIssue(world).body;
  expect(body).toContain("**Stage:** beta (1%)");
  expect(ticked(body, ITEMS.supportReady)).toBe(true);
  expect(body).toMatch(/Support is briefed <!-- stagegate:item exit\/beta\/support-ready --> — ✅ @omar/);
  expect(world.gh.requests.violations()).toEqual([]);
}

describe("a tick arriving while the Action commits a promotion", () => {
  it("is recorded on top of the promotion when its webhook arrives after the commit", async () => {
    w = await dueForPromotion();
    const release = await heldTick(w);
    const run = await w.action("schedule");
    expect(run.code).toBe(0);
    // The Action's re-render kept the box that was clicked but not yet verified.
    expect(ticked(trackingIssue(w).body, ITEMS.supportReady)).toBe(true);
    expect(stateOnMain(w).approvals.some((a) => a.item === "support-ready")).toBe(false);

    await release();
    expect(stateOnMain(w).history.map((h) => h.action)).toEqual(["start", "approve", "promote", "approve"]);
    expectBothSurvived(w);
  });

  it("is decided again on the promoted state when the App read the state before the Action's commit", async () => {
    w = await dueForPromotion();
    const release = await heldTick(w);
    // The App reads the state and sends its commit of the approval; the commit waits at the gate
    // while the Action runs and commits the promotion.
    const appCommit = w.appGate.hold(commitRequest);
    const delivered = release();
    await appCommit.until(1);
    const run = await w.action("schedule");
    expect(run.code).toBe(0);
    appCommit.release();
    await delivered;

    // The App's first commit carried the sha it read before the promotion: refused, re-read, redone.
    expect(w.gh.requests.all({ route: PUT_CONTENTS, actor: w.appActor }).map((r) => r.status).slice(-2)).toEqual([409, 200]);
    expect(stateOnMain(w).history.map((h) => h.action)).toEqual(["start", "approve", "promote", "approve"]);
    expectBothSurvived(w);
  });

  it("is kept by the Action's promotion when the tick's commit lands while the Action is committing", async () => {
    w = await dueForPromotion();
    const release = await heldTick(w);
    // The Action reads the state and sends its promotion; the commit waits at the gate while the
    // App hears of the tick and commits the approval.
    const actionCommit = w.actionGate.hold(commitRequest);
    const running = w.action("schedule");
    await actionCommit.until(1);
    await release();
    actionCommit.release();
    const run = await running;
    expect(run.code).toBe(0);

    expect(w.gh.requests.all({ route: PUT_CONTENTS, actor: w.actionActor }).map((r) => r.status).slice(-2)).toEqual([409, 200]);
    expect(stateOnMain(w).history.map((h) => h.action)).toEqual(["start", "approve", "approve", "promote"]);
    expectBothSurvived(w);
  });
});
