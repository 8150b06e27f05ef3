// The sandbox's stories end to end: the GitHub emulator, the App as a real server receiving
// signed webhooks, and the built Action as a child process on a simulated clock. Each story is
// played once and then checked against what a person would find on GitHub: the state file, the
// plan pull request's checks, the tracking issue and its comments.
//
// The stories play one after the other, not at once: @octokit/auth-app shares in-flight token
// requests process-wide by installation id, and both emulators number their installation alike,
// so two Apps asking at the same moment could be handed the other GitHub's token.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeArtifacts } from "../../sandbox/story/artifacts.js";
import type { Story } from "../../sandbox/story/driver.js";
import { rollbackStory } from "../../sandbox/story/rollback-story.js";
import { seedStory } from "../../sandbox/story/seed-story.js";
import { playStory } from "../../sandbox/story/stories.js";
import { builtAction } from "../action/harness.js";
import { approvalsOf, ROLLBACK_HISTORY, SEED_APPROVALS, SEED_HISTORY } from "./story-expected.js";
import { finalState, historyRows, historySequence, issueItems, planPullRequestChecks, playQuietly, trackingIssueBody, trackingIssueComments } from "./story-play.js";

// Each story takes 20-40 s on a 2-core machine; the second waits for the first.
const STORY_TIMEOUT = 300_000;

let seed: Promise<Story>;
let rollback: Promise<Story>;
beforeAll(() => {
  seed = playQuietly(seedStory);
  const next = () => playQuietly(rollbackStory);
  rollback = seed.then(next, next);
  // Each describe awaits its own story; an early failure must not go unhandled meanwhile.
  seed.catch(() => {});
  rollback.catch(() => {});
});
afterAll(async () => {
  await Promise.all([seed, rollback].map((p) => p.then((s) => s.close()).catch(() => {})));
});

describe("the seed story: the Playlist Editor plan from its pull request to 100%", () => {
  let story: Story;
  beforeAll(async () => {
    story = await seed;
  }, STORY_TIMEOUT);

  it("ends complete at 100%, entered on the first business hour after the year-end freeze", () => {
    expect(finalState(story)).toMatchObject({ rollout: "playlist-editor", stage: "full", percent: 100, status: "complete", entered: "2027-01-05T14:00:00Z", resumeTo: null, openAlerts: [] });
  });

  it("has every sign-off and exit approval in the state file, with who gave it and for which stage", () => {
    expect(finalState(story).approvals).toEqual(approvalsOf(SEED_APPROVALS));
  });

  it("keeps the whole history: the start, each approval and promotion, and the completion", () => {
    const state = finalState(story);
    expect(historySequence(state)).toEqual(SEED_HISTORY);
    // Merged Wednesday 14:00 New York; bakes of 7d, 14d, then 24h a business day apart; the last
    // step was due on Saturday 19 December, then the freeze held it until Tuesday 5 January.
    expect(state.history.filter((h) => h.action === "start" || h.action === "promote").map((h) => h.at)).toEqual([
      "2026-11-25T19:00:00Z",
      "2026-12-02T19:00:00Z",
      "2026-12-16T19:00:00Z",
      "2026-12-17T19:00:00Z",
      "2026-12-18T19:00:00Z",
      "2027-01-05T14:00:00Z",
    ]);
  });

  it("waited for business hours and for the freeze before the last promotion", () => {
    const between = story.runs.filter((r) => r.at > "2026-12-19T00:00:00Z" && r.at < "2027-01-05T14:00:00Z").map((r) => r.run.rollouts[0]);
    expect(between.length).toBeGreaterThan(1);
    expect(between.every((r) => r?.action === "none" && r.stage === "half")).toBe(true);
    expect(between.map((r) => r?.reason).join("\n")).toMatch(/outside business hours/);
    expect(between.map((r) => r?.reason).join("\n")).toMatch(/freeze 2026-12-20\/2027-01-04/);
    expect(between.every((r) => r?.["next-eligible"] === "2027-01-05T14:00:00Z")).toBe(true);
  });

  it("leaves every check on the plan pull request's head green, each signed by the role holder who ticked it", () => {
    const checks = planPullRequestChecks(story);
    const signoffs = SEED_APPROVALS.filter(([, stage]) => stage === null);
    expect(checks.get("stagegate / plan")).toMatchObject({ status: "completed", conclusion: "success", title: "The plan is valid" });
    expect(checks.get("stagegate / sign-off")).toMatchObject({ status: "completed", conclusion: "success", title: "Every sign-off is in" });
    const plan = story.world.plan;
    expect([...checks.keys()].sort()).toEqual(["stagegate / plan", "stagegate / sign-off", ...plan.signoff.map((i) => `stagegate / ${i.title}`)].sort());
    for (const item of plan.signoff) {
      const by = signoffs.find(([id]) => id === item.id)?.[2];
      expect(checks.get(`stagegate / ${item.title}`), item.title).toMatchObject({ status: "completed", conclusion: "success", title: `Signed off by @${by}` });
    }
  });

  it("shows the final tracking issue at 100% with every box ticked by its approver", () => {
    const body = trackingIssueBody(story);
    expect(body).toContain("**Stage:** full (100%) · audience: all users · **Status:** ✅ complete");
    expect(body).toContain("██████████ 100%");
    const items = issueItems(body);
    expect(items.size).toBe(SEED_APPROVALS.length);
    for (const [item, stage, by] of SEED_APPROVALS) {
      const key = stage === null ? `signoff/${item}` : `exit/${stage}/${item}`;
      expect(items.get(key), key).toMatchObject({ checked: true, line: expect.stringContaining(`— ✅ @${by} · `) });
    }
    const rows = historyRows(body);
    expect(rows).toHaveLength(finalState(story).history.length);
    expect(rows.slice(0, 2)).toEqual([
      ["2027-01-05 14:00 UTC", "complete", "— → full", "stagegate", "full is the last stage"],
      ["2027-01-05 14:00 UTC", "promote", "half → full", "stagegate", "bake 24h elapsed, exit items ticked, gates passed"],
    ]);
    expect(rows.at(-1)).toEqual(["2026-11-25 19:00 UTC", "start", "— → internal", "stagegate", "sign-off complete (27 items)"]);
  });

  it("reverted the product manager's tick of the security review, naming who may tick it", () => {
    const [revert] = trackingIssueComments(story);
    expect(revert).toMatchObject({ author: "stagegate[bot]", at: "2026-11-23T14:50:00Z" });
    expect(revert?.body).toBe("@pam, thank you — but not every change could stand:\n\n- **Security review completed** needs the security-lead role: only @sam may tick it. I unticked it again.");
    // The security lead's own tick later is the one on record.
    expect(finalState(story).approvals.find((a) => a.item === "security-review")?.by).toBe("sam");
  });

  it("refused the early /promote, listing the missing exit items and the bake time left", () => {
    const comments = trackingIssueComments(story);
    const command = comments.find((c) => c.body === "/promote");
    expect(command).toMatchObject({ author: "lee", reactions: ["stagegate[bot]:eyes", "stagegate[bot]:confused"] });
    const reply = comments[comments.indexOf(command as (typeof comments)[number]) + 1];
    expect(reply?.author).toBe("stagegate[bot]");
    expect(reply?.body.split("\n")).toEqual([
      "Cannot promote playlist-editor to beta (1%):",
      "- 4 exit items of stage internal are not ticked: No critical bugs (qa-lead: quinn or qiu), All core functionality working (qa-lead: quinn or qiu), Analytics events firing correctly (product-manager: pam), Performance within acceptable limits (engineering-lead: acme/eng-leads)",
      "- bake: 5d 4h left (until 2026-12-02 19:00 UTC)",
    ]);
  });

  it("announced the start and each promotion on the tracking issue, mentioning who must tick the new stage's exit checklist and the product manager once", () => {
    const announcements = trackingIssueComments(story).filter((c) => c.author === "github-actions[bot]");
    expect(announcements.map((c) => c.body.split("\n")[0])).toEqual([
      "▶️ **Started**: playlist-editor entered internal (0%): sign-off complete (27 items).",
      "🚀 **Promoted**: playlist-editor moved internal → beta (1%) by stagegate: bake 7d elapsed, exit items ticked, gates passed.",
      "🚀 **Promoted**: playlist-editor moved beta → ten (10%) by stagegate: bake 14d elapsed, exit items ticked, gates passed.",
      "🚀 **Promoted**: playlist-editor moved ten → quarter (25%) by stagegate: bake 24h elapsed, exit items ticked, gates passed.",
      "🚀 **Promoted**: playlist-editor moved quarter → half (50%) by stagegate: bake 24h elapsed, exit items ticked, gates passed.",
      "🚀 **Promoted**: playlist-editor moved half → full (100%) by stagegate: bake 24h elapsed, exit items ticked, gates passed. The rollout is complete.",
    ]);
    expect(announcements.every((c) => c.body.match(/@pam\b/g)?.length === 1)).toBe(true);
    expect(announcements[0]?.body).toContain("\n\n👤 Next: the exit checklist of internal, ticked in this issue by @quinn @qiu (qa-lead), @pam (product-manager), @acme/eng-leads (engineering-lead).");
    expect(announcements.at(-1)?.body).toMatch(/The rollout is complete\.\n\ncc @pam$/);
  });

  it("says at each step how many of 10,000 simulated users the editor reaches, read through the provider, and that nobody in drops out", () => {
    const reach = story.narrator.transcript().split("\n").filter((l) => l.includes("👥"));
    expect(reach).toEqual([
      "  👥 reaches 20 of 10,000 simulated users, read through the OpenFeature provider from config/rollouts/playlist-editor.yml",
      "  👥 reaches 419 of 10,000 simulated users; everyone in at 0% (20) is still in",
      "  👥 reaches 1,282 of 10,000 simulated users; everyone in at 1% (419) is still in",
      "  👥 reaches 2,710 of 10,000 simulated users; everyone in at 10% (1,282) is still in",
      "  👥 reaches 5,147 of 10,000 simulated users; everyone in at 25% (2,710) is still in",
      "  👥 reaches 10,000 of 10,000 simulated users; everyone in at 50% (5,147) is still in",
    ]);
  });

  it("ran the Action as a real process for every tick, each with a job summary", () => {
    expect(story.runs.map((r) => r.event).filter((e) => e === "push")).toEqual(["push"]);
    expect(story.runs.every((r) => r.run.code === 0 && r.run.stderr === "" && r.run.summary.startsWith("<h2>stagegate</h2>"))).toBe(true);
  });

  it("leaves the issue, the state file, the comments, the checks and every job summary in the output folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stagegate-story-"));
    try {
      const files = await writeArtifacts(story, dir);
      const read = (path: string) => readFile(join(dir, path), "utf8");
      expect(await read("tracking-issue.md")).toBe(trackingIssueBody(story));
      expect(await read("state.yml")).toBe(story.world.stateText());
      expect(await read("comments.md")).toContain("only @sam may tick it");
      expect((await read("checks.md")).split("\n").filter((l) => l.startsWith("| stagegate / "))).toHaveLength(29);
      expect(await read("story.txt")).toContain("Promoted playlist-editor half → full (100%).");
      const summaries = files.filter((f) => f.startsWith("summaries/"));
      expect(summaries).toHaveLength(story.runs.length);
      expect(summaries.slice(0, 4)).toEqual(["summaries/01-schedule.md", "summaries/02-schedule.md", "summaries/03-schedule.md", "summaries/04-push.md"]);
      expect(await read("summaries/04-push.md")).toBe(story.runs[3]?.run.summary);
      // The issue at each stage and status it passed through, before the start to the end.
      const moments = files.filter((f) => f.startsWith("tracking-issue/"));
      expect(moments[0]).toBe("tracking-issue/01-awaiting-signoff.md");
      expect(moments.at(-1)).toBe("tracking-issue/07-full-complete.md");
      expect(await read("tracking-issue/07-full-complete.md")).toBe(trackingIssueBody(story));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the rollback story: an automatic rollback on a sustained breach, then one by hand", () => {
  let story: Story;
  beforeAll(async () => {
    story = await rollback;
  }, STORY_TIMEOUT);

  it("ends rolled back to beta by the maintainer", () => {
    expect(finalState(story)).toMatchObject({ stage: "beta", percent: 1, status: "rolled-back", entered: "2026-12-17T16:00:00Z", openAlerts: [] });
  });

  it("keeps the whole history: alerts on the spike, the automatic rollback, the resume, the promotions and the rollback by hand", () => {
    expect(historySequence(finalState(story))).toEqual(ROLLBACK_HISTORY);
  });

  it("did not roll back on the 20-minute spike, only alerted", () => {
    const history = finalState(story).history;
    expect(history.find((h) => h.action === "alert")).toMatchObject({ at: "2026-11-24T18:15:00Z", reason: "error-rate > 0.01: error-rate is 0.08" });
    expect(history.find((h) => h.action === "alert-resolved")).toMatchObject({ at: "2026-11-24T18:30:00Z" });
    expect(history.filter((h) => h.action === "rollback" && h.at < "2026-11-24T19:38:00Z")).toEqual([]);
  });

  it("rolled back on its own at the first run after the error rate held above 5% for a whole hour", () => {
    // Above 5% from 19:38 UTC: the rule holds from 20:38; the runs at 20:15 and 20:30 waited.
    const runs = story.runs.filter((r) => r.at >= "2026-11-24T20:15:00Z" && r.at <= "2026-11-24T20:45:00Z");
    expect(runs.map((r) => [r.at, r.run.rollouts[0]?.action])).toEqual([
      ["2026-11-24T20:15:00Z", "none"],
      ["2026-11-24T20:30:00Z", "none"],
      ["2026-11-24T20:45:00Z", "rolled-back"],
    ]);
    expect(finalState(story).history.find((h) => h.action === "rollback")).toEqual({
      at: "2026-11-24T20:45:00Z",
      action: "rollback",
      from: "ten",
      to: "internal",
      by: "stagegate",
      reason: "rule error-rate > 0.05 for 1h held (lowest 0.075 over the last 1h, latest 0.075)",
    });
  });

  it("said which rule held, with its value and window, and told the roles the plan names", () => {
    const comment = trackingIssueComments(story).find((c) => c.body.includes("Automatic rollback"));
    expect(comment).toMatchObject({ author: "github-actions[bot]", at: "2026-11-24T20:45:00Z" });
    expect(comment?.body).toBe(
      "⏪ **Automatic rollback**: playlist-editor went back ten (10%) → internal (0%) by stagegate: rule error-rate &gt; 0.05 for 1h held (lowest 0.075 over the last 1h, latest 0.075). /resume restarts internal when it is fixed.\n\ncc @acme/eng-leads @acme/sre",
    );
  });

  it("restarted the first stage on /resume and promoted again from there", () => {
    const state = finalState(story);
    expect(state.history.find((h) => h.action === "resume")).toMatchObject({ at: "2026-11-25T15:00:00Z", by: "omar", reason: "restart stage internal after the rollback" });
    expect(state.history.filter((h) => h.action === "promote" && h.at > "2026-11-25T00:00:00Z").map((h) => h.at)).toEqual(["2026-12-02T15:00:00Z", "2026-12-16T15:00:00Z"]);
    const resume = trackingIssueComments(story).find((c) => c.body === "/resume");
    expect(resume).toMatchObject({ author: "omar", reactions: ["stagegate[bot]:eyes", "stagegate[bot]:rocket"] });
  });

  it("says whom each rollback switched off on the provider's next refresh", () => {
    const reach = story.narrator.transcript().split("\n").filter((l) => l.includes("👥") && l.includes("rollback"));
    expect(reach).toEqual([
      "  👥 reaches 20 of 10,000 simulated users: on its next refresh the rollback switched off 1,262 of the 1,282 who had it",
      "  👥 reaches 419 of 10,000 simulated users: on its next refresh the rollback switched off 863 of the 1,282 who had it",
    ]);
  });

  it("rolled back to beta at once when a maintainer asked, with the reason", () => {
    const comments = trackingIssueComments(story);
    const command = comments.find((c) => c.body.startsWith("/rollback"));
    expect(command).toMatchObject({ author: "ada", at: "2026-12-17T16:00:00Z", reactions: ["stagegate[bot]:eyes", "stagegate[bot]:rocket"] });
    const reply = comments[comments.indexOf(command as (typeof comments)[number]) + 1];
    expect(reply?.author).toBe("stagegate[bot]");
    expect(reply?.body).toMatch(/^⏪ \*\*Rolled back\*\*: playlist-editor went back ten \(10%\) → beta \(1%\) by @\u200d?ada: p95 save latency regression at 10%\./);
    expect(reply?.body).toContain("cc @acme/eng-leads @acme/sre");
    expect(finalState(story).history.at(-1)).toEqual({ at: "2026-12-17T16:00:00Z", action: "rollback", from: "ten", to: "beta", by: "ada", reason: "p95 save latency regression at 10%" });
  });
});

describe("a story that cannot go on", () => {
  it("fails with a sentence saying why, and closes the emulator and the App", async () => {
    const urls: string[] = [];
    const stuck = {
      ...seedStory,
      play: async (s: Story) => {
        await s.openPlanPullRequest("pam", "Roll out the Playlist Editor");
        await s.untilItMoves();
      },
    };
    await expect(
      playStory(stuck, { write: null, actionEntry: await builtAction(), onOpen: (s) => urls.push(s.gh.baseUrl, s.world.appWebhookUrl) }),
    ).rejects.toThrow("playlist-editor cannot move on: the Action reported no rollout: no plan is on main yet");
    expect(urls).toHaveLength(2);
    for (const url of urls) await expect(fetch(url), url).rejects.toThrow();
  }, 60_000);
});
