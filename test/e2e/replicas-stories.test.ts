// Every story the sandbox tells (sandbox/story/stories.ts), played through three App processes on
// one real Redis behind the round-robin forwarder, with every delivery sent twice: the first
// attempt to the next replica, the second to a different one. The replicas run on the emulator's
// simulated clock and read the story's monitoring (replica-app.ts), so a story plays as it does
// with the App in one process (stories.test.ts), and must end the same way: the same history and
// approvals, each command answered once, nothing left failed.
import { afterAll, describe, expect, it } from "vitest";
import type { Story } from "../../sandbox/story/driver.js";
import { STORIES } from "../../sandbox/story/stories.js";
import { playStory } from "../../sandbox/story/stories.js";
import type { AppHost } from "../../sandbox/story/world.js";
import { builtAction } from "../action/harness.js";
import { startReplicas, type Replicas } from "./replica-world.js";
import { approvalsOf, ROLLBACK_HISTORY, SEED_APPROVALS, SEED_HISTORY } from "./story-expected.js";
import { finalState, historySequence, trackingIssueComments } from "./story-play.js";

const STORY_TIMEOUT = 600_000;
const BOT = "stagegate[bot]";

const played: Array<{ story: Story; replicas: Replicas }> = [];
afterAll(async () => {
  for (const { story } of played.splice(0)) await story.close().catch(() => {});
}, 120_000);

/** Plays a story with the App as three replicas on Redis, every delivery sent twice. */
async function playThroughReplicas(name: string): Promise<{ story: Story; replicas: Replicas }> {
  const script = STORIES[name];
  if (script === undefined) throw new Error(`no story ${name}`);
  let replicas: Replicas | undefined;
  const app: AppHost = async (gh, metricsValues) => {
    gh.webhooks.deliverTwice();
    replicas = await startReplicas(gh, { simulated: true, metricsValues });
    return { webhookUrl: replicas.url, close: () => replicas?.close() ?? Promise.resolve() };
  };
  const story = await playStory(script, { write: null, actionEntry: await builtAction(), app });
  if (replicas === undefined) throw new Error("the story started no replicas");
  const result = { story, replicas };
  played.push(result);
  return result;
}

/** What must hold of any story played through the replicas: nothing lost, nothing done twice. */
async function expectEachOnce({ story, replicas }: { story: Story; replicas: Replicas }): Promise<void> {
  // Every delivery went out twice under one id, and both attempts were acknowledged.
  const attempts = new Map<string, number[]>();
  for (const d of story.gh.webhooks.deliveries()) attempts.set(d.id, [...(attempts.get(d.id) ?? []), d.status as number]);
  expect(attempts.size).toBeGreaterThan(20);
  expect([...attempts.entries()].filter(([, statuses]) => statuses.join() !== "200,200")).toEqual([]);
  // Worked once: every command has the App's 👀 and exactly one outcome, and is answered at most once.
  const comments = trackingIssueComments(story);
  const commands = comments.filter((c) => c.author !== BOT && c.body.startsWith("/"));
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) {
    const mine = command.reactions.filter((r) => r.startsWith(`${BOT}:`)).map((r) => r.slice(BOT.length + 1)).sort();
    expect([["eyes", "rocket"], ["confused", "eyes"]], `${command.body}: ${mine.join()}`).toContainEqual(mine);
  }
  const botBodies = comments.filter((c) => c.author === BOT).map((c) => `${c.at} ${c.body}`);
  expect(botBodies.length).toBe(new Set(botBodies).size);
  expect(await replicas.appFailed()).toEqual([]);
  expect(story.gh.requests.violations()).toEqual([]);
}

describe("the seed story through three replicas on Redis, every delivery sent twice", () => {
  it(
    "ends complete at 100% with the same history and approvals as in one process, each command answered once",
    async () => {
      const result = await playThroughReplicas("seed");
      const state = finalState(result.story);
      expect(state).toMatchObject({ stage: "full", percent: 100, status: "complete", entered: "2027-01-05T14:00:00Z" });
      expect(historySequence(state)).toEqual(SEED_HISTORY);
      expect(state.approvals).toEqual(approvalsOf(SEED_APPROVALS));
      await expectEachOnce(result);
    },
    STORY_TIMEOUT,
  );
});

describe("the rollback story through three replicas on Redis, every delivery sent twice", () => {
  it(
    "ends rolled back to beta by the maintainer with the same history as in one process, each command answered once",
    async () => {
      const result = await playThroughReplicas("rollback");
      const state = finalState(result.story);
      expect(state).toMatchObject({ stage: "beta", percent: 1, status: "rolled-back", entered: "2026-12-17T16:00:00Z" });
      expect(historySequence(state)).toEqual(ROLLBACK_HISTORY);
      await expectEachOnce(result);
    },
    STORY_TIMEOUT,
  );
});
