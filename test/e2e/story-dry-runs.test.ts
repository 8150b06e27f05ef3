// The seed story with a dry run before every run of the Action: at each of them, the dry run's
// printed writes must be exactly what the real run at the same instant then writes to the
// emulator (kinds, targets, contents), and the dry run itself writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWrite } from "../../sandbox/github-emulator/index.js";
import type { Story } from "../../sandbox/story/driver.js";
import { seedStory } from "../../sandbox/story/seed-story.js";
import { playStory } from "../../sandbox/story/stories.js";
import type { ActionStep } from "../../sandbox/story/world.js";
import { REPO } from "../../sandbox/story/world.js";
import type { ActionRun } from "../../sandbox/story/action-runner.js";
import { builtAction } from "../action/harness.js";
import { asPrinted, madeWrites, printedWrites, snapshot, type Printed } from "../action/observed-writes.js";

// The story takes 20-40 s on a 2-core machine; here every run of the Action is made twice.
const STORY_TIMEOUT = 300_000;

interface Compared {
  at: string;
  dryWrites: number;
  printed: Printed[];
  made: Printed[];
  code: number;
}

const compared: Compared[] = [];
let story: Story | null = null;

async function dryRunFirst(step: ActionStep): Promise<ActionRun> {
  const gh = (story as Story).gh;
  const before = snapshot(gh, REPO);
  const dry = await step({ "dry-run": "true" });
  const dryWrites = gh.requests.all().slice(before.requests).filter(isWrite).length;
  const real = await step();
  const created = new Set([...gh.repo(REPO).issues.keys()].filter((n) => !before.issues.has(n)));
  compared.push({ at: gh.clock.iso(), dryWrites, printed: printedWrites(dry), made: asPrinted(madeWrites(gh, REPO, before), created), code: dry.code });
  return real;
}

beforeAll(async () => {
  story = await playStory(seedStory, { write: null, actionEntry: await builtAction(), onOpen: (s) => (story = s), aroundAction: dryRunFirst });
}, STORY_TIMEOUT);
afterAll(() => story?.close());

describe("the seed story, with a dry run before each run of the Action", () => {
  it("never writes in a dry run, and prints at every run exactly the writes the real run makes", () => {
    expect(compared.length).toBeGreaterThan(10);
    for (const c of compared) {
      expect(c.code, c.at).toBe(0);
      expect(c.dryWrites, c.at).toBe(0);
      expect(c.printed, c.at).toEqual(c.made);
    }
    // Not a story of quiet runs: it starts, promotes five times and completes through the clock.
    expect(compared.filter((c) => c.made.some((w) => w.headline.startsWith("commit "))).length).toBeGreaterThanOrEqual(6);
  });
});
