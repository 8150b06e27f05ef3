// Fault 1: GitHub promises neither once nor in order. Every webhook of a whole rollout story is
// delivered twice (the second time to another App process), and some are held back and
// delivered in reverse order; the workflow on the merge is re-run too. The end state must be
// the one a clean run reaches: same state file, same commits, same issue, same comments,
// reactions and check runs, nothing twice.
import { afterEach, describe, expect, it } from "vitest";
import { DAY, faultSuite, ITEMS, startFaultWorld, visibleText, type FaultWorld } from "./fault-world.js";
import { comment, merge, openPlanPullRequest, snapshot, startRun } from "./fault-flow.js";

const worlds: FaultWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

/** Plan PR, two sign-offs, merge and start, an exit item, then `/promote` a day later. */
async function story(faulty: boolean) {
  // The clean run is the reference, always in one process; the faulty one runs where the suite runs.
  const w = faulty ? await faultSuite.start() : await startFaultWorld();
  worlds.push(w);
  if (faulty) w.gh.webhooks.deliverTwice();

  const pr = await openPlanPullRequest(w);

  // Two reviewers sign off at nearly the same moment; their edits arrive last one first.
  if (faulty) w.gh.webhooks.hold();
  await w.gh.as("sam").tick("acme/web", issueNumber(w), ITEMS.security);
  await w.gh.as("lee").tick("acme/web", issueNumber(w), ITEMS.codeReview);
  if (faulty) await w.gh.webhooks.release("reverse");
  await w.gh.idle();

  const push = await merge(w, pr.number);
  const runs = [await startRun(w, push)];
  // Someone presses "Re-run all jobs" on the merge's workflow run.
  if (faulty) runs.push(await startRun(w, push));

  // The exit item is ticked while the App's own re-render of the start is still on its way.
  if (faulty) w.gh.webhooks.hold();
  await w.gh.as("quinn").tick("acme/web", issueNumber(w), ITEMS.noCriticalBugs);
  if (faulty) await w.gh.webhooks.release("reverse");
  await w.gh.idle();

  w.gh.clock.advance(DAY + 60_000);
  await comment(w, "pam", "/promote");
  return { w, pr, runs };
}

function issueNumber(w: FaultWorld): number {
  const issue = [...w.gh.repo("acme/web").issues.values()].find((i) => !i.isPullRequest);
  if (issue === undefined) throw new Error("no tracking issue yet");
  return issue.number;
}

describe("every webhook delivered twice, some late and in reverse order", () => {
  it("ends exactly where a clean run ends, with nothing done twice", async () => {
    const clean = await story(false);
    const faulty = await story(true);

    const expected = snapshot(clean.w, clean.pr.headSha);
    const actual = snapshot(faulty.w, faulty.pr.headSha);
    expect(actual).toEqual(expected);

    // The clean run itself is the story told once: three commits, one tracking issue, one
    // answer per event, and the App's 🚀 on the command.
    expect(expected.stateCommits).toEqual([
      "playlist-editor: start at internal (0%): sign-off complete (2 items)",
      "playlist-editor: approve exit item no-critical-bugs (No critical bugs) of stage internal by @quinn",
      "playlist-editor: promote internal → beta (1%): bake 1d elapsed, exit items ticked",
    ]);
    expect(expected.trackingIssues).toBe(1);
    expect(expected.comments.map((c) => ({ ...c, body: visibleText(c.body) }))).toEqual([
      { author: "github-actions[bot]", body: "▶️ **Started**: playlist-editor entered internal (0%): sign-off complete (2 items).\n\n👤 Next: the exit checklist of internal, ticked in this issue by @quinn (qa-lead).", reactions: [] },
      { author: "pam", body: "/promote", reactions: ["eyes", "rocket"] },
      { author: "stagegate[bot]", body: "🚀 **Promoted**: playlist-editor moved internal → beta (1%) by @‍pam: bake 1d elapsed, exit items ticked.\n\n👤 Next: the exit checklist of beta, ticked in this issue by @acme/sre (operations-lead).", reactions: [] },
    ]);
    expect(expected.checkRuns.map((r) => [r.name, r.conclusion])).toEqual([
      ["stagegate / Code review completed", "success"],
      ["stagegate / Security review completed", "success"],
      ["stagegate / plan", "success"],
      ["stagegate / sign-off", "success"],
    ]);

    // The faults really happened: every delivery of the faulty run went out twice under one id
    // and was answered both times, and the re-run of the merge's workflow changed nothing.
    const attempts = new Map<string, number[]>();
    for (const d of faulty.w.gh.webhooks.deliveries()) attempts.set(d.id, [...(attempts.get(d.id) ?? []), d.status as number]);
    expect(attempts.size).toBeGreaterThan(10);
    for (const statuses of attempts.values()) expect(statuses).toEqual([200, 200]);
    expect(faulty.runs.map((r) => r.code)).toEqual([0, 0]);
    expect(faulty.runs[1]?.outputs.changed).toBe("false");
    expect(faulty.w.gh.requests.violations()).toEqual([]);
  });
});
