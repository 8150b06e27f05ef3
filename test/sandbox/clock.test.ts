// The emulator clock: it moves only when told, and every timestamp the emulator writes comes
// from it.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClock } from "../../sandbox/github-emulator/clock.js";
import { createWorld, REPO, type World } from "./world.js";

describe("clock", () => {
  it("starts where told, stands still, and moves by set and advance", () => {
    const clock = createClock("2026-12-03T14:00:00Z");
    expect(clock.iso()).toBe("2026-12-03T14:00:00Z");
    clock.advance(90 * 60_000);
    expect(clock.iso()).toBe("2026-12-03T15:30:00Z");
    clock.set(new Date("2027-01-04T00:00:00Z"));
    expect(clock.now().toISOString()).toBe("2027-01-04T00:00:00.000Z");
  });

  it("refuses to go backwards through advance and refuses non-dates", () => {
    const clock = createClock("2026-12-03T14:00:00Z");
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.set("not a date")).toThrow(RangeError);
  });
});

describe("timestamps in the emulator", () => {
  let world: World;
  const repo = { owner: "acme", repo: "web" };
  beforeAll(async () => {
    world = await createWorld({ now: "2026-12-01T09:00:00Z" });
  });
  afterAll(() => world.emulator.close());

  it("stamps issues, comments, commits and check runs with the emulator clock", async () => {
    const issue = await world.app.rest.issues.create({ ...repo, title: "t" });
    expect(issue.data.created_at).toBe("2026-12-01T09:00:00Z");
    world.emulator.clock.advance(7 * 24 * 3_600_000);
    const updated = await world.app.rest.issues.update({ ...repo, issue_number: issue.data.number, body: "later" });
    expect(updated.data.created_at).toBe("2026-12-01T09:00:00Z");
    expect(updated.data.updated_at).toBe("2026-12-08T09:00:00Z");
    const comment = await world.app.rest.issues.createComment({ ...repo, issue_number: issue.data.number, body: "c" });
    expect(comment.data.created_at).toBe("2026-12-08T09:00:00Z");
    const put = await world.app.rest.repos.createOrUpdateFileContents({ ...repo, path: "s.yml", message: "m", content: "eA==" });
    expect(put.data.commit.author?.date).toBe("2026-12-08T09:00:00Z");
    world.emulator.clock.set("2026-12-09T10:30:00Z");
    const run = await world.app.rest.checks.create({ ...repo, name: "c", head_sha: put.data.commit.sha as string, conclusion: "success", output: { title: "t", summary: "s" } });
    expect([run.data.started_at, run.data.completed_at]).toEqual(["2026-12-09T10:30:00Z", "2026-12-09T10:30:00Z"]);
    const { deliveries } = await world.emulator.as("quinn").comment(REPO, issue.data.number, "/status");
    expect(deliveries[0]?.at).toBe("2026-12-09T10:30:00Z");
  });
});
