// How the sandbox tells its story: the timeline's lines, the runs it folds, and the shortened
// reasons, from the Action's own wording. No GitHub here: the stories themselves are
// stories.test.ts.
import { describe, expect, it } from "vitest";
import { Narrator } from "../../sandbox/story/narrator.js";
import { cronSlot, shortReason, waitKind } from "../../sandbox/story/reasons.js";

const REASON =
  "Cannot promote playlist-editor to beta (1%): 4 exit items of stage internal are not ticked: No critical bugs (qa-lead), All core functionality working (qa-lead); bake: 4d 2h left (until 2026-12-02 19:00 UTC); calendar: outside business hours (mon-fri 09:00-17:00 America/New_York), opens 2026-11-30 14:00 UTC";

describe("the timeline", () => {
  const at = Date.parse("2026-11-27T15:00:00Z");

  it("shows each event at its local time, with who did it and stagegate's answers under it", () => {
    const out: string[] = [];
    const n = new Narrator({ timezone: "America/New_York", write: (t) => out.push(t) });
    n.event(at, "lee", "comments /promote", ["reacted 👀 😕 to lee's comment"]);
    expect(out.join("")).toBe(
      "Fri 2026-11-27 10:00 EST  lee                comments /promote\n" + "                          ↳ reacted 👀 😕 to lee's comment\n",
    );
  });

  it("wraps long lines under their own column instead of cutting them", () => {
    const n = new Narrator({ timezone: "UTC", write: null, width: 100 });
    n.event(at, "Action (schedule)", "word ".repeat(30).trim());
    const lines = n.transcript().trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith(" ".repeat(45) + "word"))).toBe(true);
    expect(n.transcript().match(/word/g)).toHaveLength(30);
  });

  it("folds runs that wait for the same reasons, and says how many it folded", () => {
    const n = new Narrator({ timezone: "UTC", write: null });
    const day = 86_400_000;
    n.wait(at, "Action (schedule)", "waits: bake: 3d left", waitKind("bake: 3d left"));
    n.wait(at + day, "Action (schedule)", "waits: bake: 2d left", waitKind("bake: 2d left"));
    n.wait(at + 2 * day, "Action (schedule)", "waits: bake: 1d 4h left", waitKind("bake: 1d 4h left"));
    n.event(at + 3 * day, "Action (schedule)", "Promoted playlist-editor internal → beta (1%).");
    const printed = n.transcript().split("\n");
    expect(printed.filter((l) => l.includes("waits:"))).toHaveLength(1);
    expect(printed).toContain(`${" ".repeat(26)}… 2 more scheduled runs waited for the same reasons`);
    expect(n.lines).toHaveLength(4);
  });
});

describe("a waiting run's reason, shortened", () => {
  it("keeps what blocks and how long, without item lists, instants or the calendar's text", () => {
    expect(shortReason(REASON)).toBe("4 exit items of stage internal are not ticked; bake: 4d 2h left; calendar: outside business hours");
  });

  it("treats the same blockers with other durations or values as the same wait", () => {
    expect(waitKind("bake: 20h 15m left")).toBe(waitKind("bake: 2d left"));
    expect(waitKind("gate error-rate is 0.075, needs < 0.01")).toBe(waitKind("gate error-rate is 0.08, needs < 0.01"));
    expect(waitKind("bake: 2d left")).not.toBe(waitKind("bake: 2d left; calendar: inside the freeze 2026-12-20/2027-01-04"));
  });
});

describe("the clock's schedule", () => {
  it("runs on the quarter hour: an instant maps to the first slot at or after it", () => {
    expect(new Date(cronSlot(Date.parse("2026-12-02T19:00:00Z"))).toISOString()).toBe("2026-12-02T19:00:00.000Z");
    expect(new Date(cronSlot(Date.parse("2026-12-02T19:00:01Z"))).toISOString()).toBe("2026-12-02T19:15:00.000Z");
    expect(new Date(cronSlot(Date.parse("2026-12-02T19:44:00Z"))).toISOString()).toBe("2026-12-02T19:45:00.000Z");
  });
});
