// The seed's story: the Playlist Editor plan from its pull request to 100%.
//
// Week 1 (from Mon 2026-11-23): the plan PR, the sign-offs (and one tick by the wrong person),
// the merge on Wednesday and the start; an early /promote refused. Weeks 2-3: beta. Week 4: 10%,
// 25% and 50% a business day apart — and then the year-end freeze (2026-12-20/2027-01-04): the
// last step, due on Saturday 19 December, waits for business hours and then for the freeze to
// end, and happens on Tuesday 5 January 2027 at 09:00 New York time.
import type { Story } from "./driver.js";
import { healthy } from "./monitoring.js";
import { signoffKeys, tickExitItems } from "./people.js";
import type { StoryScript } from "./script.js";

export const seedStory: StoryScript = {
  name: "seed",
  summary: "the Playlist Editor plan from its pull request to 100%, through business hours and the year-end freeze",
  start: "2026-11-23 09:00",
  metrics: healthy,
  play: async (story: Story) => {
    const plan = story.world.plan;
    const n = story.narrator;

    n.heading("Week 1 · the plan pull request and its sign-offs");
    await story.at("2026-11-23 09:30");
    const pr = await story.openPlanPullRequest("pam", "Roll out the Playlist Editor");

    // The product manager ticks the security review: only the security lead may.
    await story.at("2026-11-23 09:50");
    await story.tick("pam", ["signoff/security-review"]);

    await story.at("2026-11-23 11:00");
    await story.tick("sam", signoffKeys(plan, "security-lead"));
    await story.at("2026-11-23 14:00");
    const engineering = signoffKeys(plan, "engineering-lead");
    await story.tick("lee", engineering.slice(0, 4));
    await story.at("2026-11-23 15:30");
    await story.tick("elena", engineering.slice(4));
    await story.at("2026-11-24 10:00");
    const qa = signoffKeys(plan, "qa-lead");
    await story.tick("quinn", qa.slice(0, 6));
    await story.at("2026-11-24 11:00");
    await story.tick("qiu", qa.slice(6));
    await story.at("2026-11-24 14:00");
    await story.tick("omar", signoffKeys(plan, "operations-lead"));
    await story.at("2026-11-24 16:00");
    await story.tick("pam", signoffKeys(plan, "product-manager"));

    await story.at("2026-11-25 14:00");
    n.heading("The merge: the Action starts the rollout on the push");
    await story.merge("ada", pr);

    // Too early: the bake has days to go and no exit item is ticked.
    await story.at("2026-11-27 10:00");
    await story.comment("lee", "/promote");

    n.heading("Weeks 1-3 · internal, then beta");
    await tickExitItems(story, "internal", "2026-11-30 11:00");
    await story.untilItMoves();
    await tickExitItems(story, "beta", "2026-12-14 10:00");
    await story.untilItMoves();

    n.heading("Week 4 · 10%, 25%, 50% a business day apart, then the year-end freeze");
    await tickExitItems(story, "ten", "2026-12-16 15:00");
    await story.untilItMoves();
    await tickExitItems(story, "quarter", "2026-12-17 15:00");
    await story.untilItMoves();
    await tickExitItems(story, "half", "2026-12-18 15:00");
    await story.untilItMoves();
  },
};
