// Plan pull requests beyond the one plan: several plans at once, a plan whose rollout already
// runs, settings that do not parse (on the default branch or in the pull request), plans that
// claim one state file, a calendar that never opens, and a delivery about an older head.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { latestChecks, PLAN, PLAN_PATH, REPO, SETTINGS, startAppWorld, startRollout, trackingIssue, type AppWorld } from "./harness.js";

let w: AppWorld;
beforeEach(async () => {
  w = await startAppWorld();
});
afterEach(async () => {
  await w.close();
});

async function openPlanPr(files: Record<string, string>, head = "plan") {
  const { value: pr } = await w.emulator.as("pam").openPullRequest(REPO, { head, title: "Rollout plans", files });
  await w.emulator.idle();
  return pr;
}

const planCheck = (sha: string) => latestChecks(w, sha).get("stagegate / plan");
const ALBUMS_PATH = ".github/rollouts/albums.yml";
const ALBUMS = "signoff:\n  - { id: go, title: Go ahead, role: qa-lead }\nstages:\n  - { name: everyone, percent: 100 }\n";

describe("a pull request with several plans", () => {
  it("shows each plan's timeline, with or without a description", async () => {
    const pr = await openPlanPr({ [PLAN_PATH]: PLAN, [ALBUMS_PATH]: ALBUMS });
    const check = planCheck(pr.headSha);
    expect(check).toMatchObject({ conclusion: "success", output: expect.objectContaining({ title: "2 plans are valid" }) });
    expect(check?.output.summary).toContain("#### playlist-editor — Playlist Editor");
    expect(check?.output.summary).toMatch(/#### albums\n/);
    expect(trackingIssue(w, "Rollout: albums").body).toContain("Go ahead");
  });

  it("fails when a plan on the default state file has its file claimed by another, annotating the first line of the one without a state: line", async () => {
    const pr = await openPlanPr({ [PLAN_PATH]: PLAN, [ALBUMS_PATH]: `state: .github/rollouts/state/playlist-editor.yml\n${ALBUMS}` });
    const check = planCheck(pr.headSha);
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations.map((a) => [a.path, a.start_line, a.start_column]).sort()).toEqual([
      [ALBUMS_PATH, 1, 8],
      [PLAN_PATH, 1, 1],
    ]);
  });
});

describe("a pull request that changes the plan of a running rollout", () => {
  it("says the change applies from the next clock run, and asks for no sign-off again", async () => {
    await startRollout(w);
    const issues = w.emulator.repo(REPO).issues.size;
    const pr = await openPlanPr({ [PLAN_PATH]: PLAN.replace("bake: 2d", "bake: 3d") }, "longer-beta");
    const check = planCheck(pr.headSha);
    expect(check?.conclusion).toBe("success");
    expect(check?.output.summary).toContain("Already running: playlist-editor. The change applies from the first clock run after the merge; sign-off is not asked again.");
    expect(latestChecks(w, pr.headSha).get("stagegate / Security review completed")).toBeUndefined();
    // The pull request itself is the only new issue.
    expect(w.emulator.repo(REPO).issues.size).toBe(issues + 1);
  });
});

describe("settings that do not parse", () => {
  it("on the default branch fail the plan check, saying to fix them there first, and open no tracking issue", async () => {
    await w.emulator.as("ada").push(REPO, "main", { ".github/stagegate.yml": "roles:\n  qa-lead: { users: quinn }\n" });
    await w.emulator.idle();
    const pr = await openPlanPr({ [PLAN_PATH]: PLAN });
    const check = planCheck(pr.headSha);
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations[0]).toMatchObject({ path: ".github/stagegate.yml", start_line: 2 });
    expect(check?.annotations[0]?.message).toContain("(in .github/stagegate.yml on main; fix it there first)");
    expect([...w.emulator.repo(REPO).issues.values()].filter((i) => !i.isPullRequest)).toEqual([]);
  });

  it("in the pull request are annotated where they break", async () => {
    const pr = await openPlanPr({ ".github/stagegate.yml": `${SETTINGS}calendar: { timezone: Mars/Olympus }\n` }, "settings");
    const check = planCheck(pr.headSha);
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations.map((a) => a.path)).toEqual([".github/stagegate.yml"]);
    expect(check?.annotations[0]?.message).toContain("Mars/Olympus");
  });
});

describe("a calendar that never opens", () => {
  it("is warned about on the stage that could never be entered", async () => {
    await w.emulator.as("ada").push(REPO, "main", { ".github/stagegate.yml": `${SETTINGS}calendar:\n  freeze:\n    - 2026-12-01/2029-12-31\n` });
    await w.emulator.idle();
    const pr = await openPlanPr({ [PLAN_PATH]: PLAN });
    const check = planCheck(pr.headSha);
    expect(check?.conclusion).toBe("success");
    expect(check?.output.summary).toContain("⚠️ beta can never be entered:");
  });
});

describe("a delivery about an older head of the pull request", () => {
  it("is answered from that head: files a later push added are not read from it", async () => {
    w.emulator.webhooks.hold();
    const { value: pr } = await w.emulator.as("pam").openPullRequest(REPO, { head: "plan", title: "Roll out the playlist editor", files: { "README.md": "# web, soon with playlists\n" } });
    const first = pr.headSha;
    await w.emulator.as("pam").push(REPO, "plan", { [PLAN_PATH]: PLAN, ".github/stagegate.yml": SETTINGS.replace("[quinn]", "[quinn, pam]") }, "Add the plan");
    const [opened] = w.emulator.webhooks.heldDeliveries().filter((d) => d.event === "pull_request");
    await w.emulator.webhooks.release();
    await w.emulator.idle();
    expect(opened?.payload).toMatchObject({ action: "opened" });
    expect(planCheck(first)).toMatchObject({ conclusion: "success", output: expect.objectContaining({ title: "No rollout plan changed" }) });
    // The push's own delivery reads the plan at the new head.
    expect(planCheck(pr.headSha)?.output.title).toBe("The plan is valid");
  });
});
