// One tracking issue per rollout, restored in place, through the App as a real server: the
// state file records the issue's number, so a replaced body, a new title or a closed issue is
// still the rollout's issue; the next event renders the truth back there, and commands work on
// it again at once. No second issue is opened.
import { describe, expect, it } from "vitest";
import { type AppWorld, comments, eachWithStartedRollout, REPO, stateOnMain, trackingIssue } from "./harness.js";

let w: AppWorld;
eachWithStartedRollout((world) => (w = world));

const issues = () => [...w.emulator.repo(REPO).issues.values()].filter((i) => !i.isPullRequest);

describe("the tracking issue", () => {
  it("is recorded in the state file by the first commit that knows it", async () => {
    const issue = trackingIssue(w);
    await w.emulator.as("pam").comment(REPO, issue.number, "/pause checking a report");
    await w.emulator.idle();
    expect(stateOnMain(w)).toMatchObject({ status: "paused", trackingIssue: issue.number });
  });

  it("whose body someone replaced, marker and all, is rendered back in place, and takes commands again", async () => {
    const issue = trackingIssue(w);
    await w.emulator.as("pam").comment(REPO, issue.number, "/pause checking a report");
    await w.emulator.idle();
    await w.emulator.as("pam").editIssueBody(REPO, issue.number, "Moved to the wiki.");
    await w.emulator.idle();
    const restored = w.emulator.repo(REPO).issues.get(issue.number);
    expect(restored?.body).toContain("<!-- stagegate:rollout playlist-editor -->");
    expect(issues()).toHaveLength(1);

    const before = comments(w, issue.number).length;
    await w.emulator.as("pam").comment(REPO, issue.number, "/resume");
    await w.emulator.idle();
    expect(comments(w, issue.number).length).toBeGreaterThanOrEqual(before + 1);
    expect(stateOnMain(w).status).toBe("progressing");
    expect(issues()).toHaveLength(1);
  });
});
