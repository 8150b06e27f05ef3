// What a tick on a running rollout reads of its state file. The hand-edit check asks GitHub, on
// every tick, for the last commit that changed the file; the file is then read at that commit,
// which needs no request when the commit is the App's own last write (port/committed-files.ts).
// A commit the App did not make costs the one read it always did, and is judged the same way.
import { describe, expect, it } from "vitest";
import { countCalls } from "../../bench/call-count.js";
import { serializeState } from "../../core/state/serialize-state.js";
import { type AppWorld, eachWithStartedRollout, REPO, STATE_PATH, stateOnMain, ticked, trackingIssue } from "./harness.js";

const ITEM = "exit/internal/no-critical-bugs";
const STATE_URL = `contents/${encodeURIComponent(STATE_PATH)}`;
const COMMITS_URL = `commits?sha=main&path=${encodeURIComponent(STATE_PATH)}`;

let w: AppWorld;
eachWithStartedRollout((world) => (w = world));

/** The App's requests while `act` is handled, and what they were charged. */
async function handled(act: () => Promise<unknown>) {
  w.emulator.requests.reset();
  await act();
  await w.emulator.idle();
  const app = w.emulator.requests.all().filter((e) => e.actor.startsWith("installation:"));
  const urls = (part: string) => app.filter((e) => e.url.includes(part)).map((e) => `${e.method} ${e.status}`);
  return { count: countCalls(app), stateReads: urls(STATE_URL).filter((r) => r.startsWith("GET")), lastCommitReads: urls(COMMITS_URL), stateReadRefs: app.filter((e) => e.method === "GET" && e.url.includes(STATE_URL)).map((e) => new URL(e.url, "http://x").searchParams.get("ref")) };
}

const tick = (login: string, key: string) => () => w.emulator.as(login).tick(REPO, trackingIssue(w).number, key);
const untick = (login: string, key: string) => () => w.emulator.as(login).untick(REPO, trackingIssue(w).number, key);

describe("a tick on a running rollout", () => {
  it("after the App's own commit asks only who last changed the state file, in five charged calls", async () => {
    await handled(tick("quinn", ITEM));
    expect(stateOnMain(w).approvals.map((a) => a.item)).toContain("no-critical-bugs");

    const steady = await handled(untick("quinn", ITEM));
    expect(stateOnMain(w).approvals.map((a) => a.item)).not.toContain("no-critical-bugs");
    expect(ticked(trackingIssue(w).body, ITEM)).toBe(false);
    expect(steady.lastCommitReads).toEqual(["GET 200"]);
    expect(steady.stateReads).toEqual([]);
    // The tracking issue, the plans folder, the state file's last commit, the commit, the issue.
    expect(steady.count.routes).toEqual({
      "GET /repos/{owner}/{repo}/issues/{issue_number}": 1,
      "GET /repos/{owner}/{repo}/contents/{path}": 1,
      "GET /repos/{owner}/{repo}/commits": 1,
      "PUT /repos/{owner}/{repo}/contents/{path}": 1,
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}": 1,
    });
    expect(steady.count.calls).toBe(5);
  });

  it("after someone else's commit reads the state file at that commit, and judges it as before", async () => {
    await handled(tick("quinn", ITEM));
    // The Action writes next (a bot's commit through the API), as a scheduled run would.
    const action = w.emulator.commitThroughApi(REPO, { [STATE_PATH]: serializeState({ ...stateOnMain(w), trackingIssue: trackingIssue(w).number }, null) }, "playlist-editor: record the tracking issue");

    const after = await handled(untick("quinn", ITEM));
    expect(after.lastCommitReads).toEqual(["GET 200"]);
    expect(after.stateReadRefs).toEqual([action.sha]);
    expect(stateOnMain(w)).toMatchObject({ status: "progressing", trackingIssue: trackingIssue(w).number });
    expect(stateOnMain(w).approvals.map((a) => a.item)).not.toContain("no-critical-bugs");
  });
});
