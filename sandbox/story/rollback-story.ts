// The rollback story: the same plan, started in November, reaches 10%. Then the save error rate
// misbehaves. First a 20-minute spike: the alert fires and resolves, nothing rolls back. Then it
// climbs above 5% and stays there: the plan's rule (`error-rate above 0.05 for 1h`) rolls the
// rollout back to 0% at the first scheduled run after it has held for a whole hour. Once it is
// fixed, /resume restarts the first stage; the clock takes it to 10% again, and a maintainer
// rolls it back to beta by hand, which the App does at once.
import type { Story } from "./driver.js";
import { HEALTHY, withErrorRate } from "./monitoring.js";
import { HOLDERS, signoffKeys, tickExitItems } from "./people.js";
import type { StoryScript } from "./script.js";

const MINUTE = 60_000;

export const rollbackStory: StoryScript = {
  name: "rollback",
  summary: "10%, an error-rate spike that only alerts, a sustained breach that rolls back on its own, /resume, and a /rollback by hand",
  start: "2026-11-02 09:00",
  metrics: withErrorRate(() => HEALTHY["error-rate"]),
  play: async (story: Story) => {
    const plan = story.world.plan;
    const n = story.narrator;

    n.heading("Weeks 1-3 · signed off, merged, and on to 10%");
    await story.at("2026-11-02 09:30");
    const pr = await story.openPlanPullRequest("pam", "Roll out the Playlist Editor");
    let at = story.local("2026-11-02 10:00");
    for (const [role, holders] of Object.entries(HOLDERS)) {
      await story.until(at);
      await story.tick(holders[0] as string, signoffKeys(plan, role));
      at += 30 * MINUTE;
    }
    await story.at("2026-11-03 10:00");
    await story.merge("ada", pr);
    await tickExitItems(story, "internal", "2026-11-09 10:00");
    await story.untilItMoves();
    await tickExitItems(story, "beta", "2026-11-23 10:00");
    await story.untilItMoves();
    if (story.state()?.stage !== "ten") throw new Error(`the rollout should be at 10% by now, not ${story.standing()}`);

    n.heading("Tue 24 Nov · the error rate misbehaves (the clock runs every 15 minutes)");
    const spike = { from: story.local("2026-11-24 13:05"), to: story.local("2026-11-24 13:25") };
    const breach = story.local("2026-11-24 14:38");
    story.world.setMetrics(withErrorRate((t) => (t >= spike.from && t < spike.to ? 0.08 : t >= breach ? 0.075 : HEALTHY["error-rate"])));
    n.note(`  monitoring: save error rate 8% from 13:05 to 13:25, then 7.5% from 14:38 on (the rule: above 5% for 1h)`);
    await story.at("2026-11-24 12:50");
    story.everyRun = true;
    while (story.state()?.status !== "rolled-back") {
      if (story.now > story.local("2026-11-24 18:00")) throw new Error(`the rollback rule never rolled back: ${story.standing()}`);
      await story.scheduled();
      story.gh.clock.advance(MINUTE);
    }
    story.everyRun = false;

    n.heading("Wed 25 Nov · fixed: /resume, and the clock goes again");
    story.world.setMetrics(withErrorRate(() => HEALTHY["error-rate"]));
    n.note("  monitoring: save error rate back to 0.2%");
    await story.at("2026-11-25 10:00");
    await story.comment("omar", "/resume");
    await story.untilItMoves();
    await story.untilItMoves();

    await story.at("2026-12-17 11:00");
    n.heading("Thu 17 Dec · a maintainer rolls back by hand");
    await story.comment("ada", "/rollback to beta p95 save latency regression at 10%");
  },
};
