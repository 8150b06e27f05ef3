// Plays the sandbox's stories quietly against a freshly built Action bundle (so the suite tests
// today's sources, not whatever dist/ was last built from), and reads back what a person would
// see on GitHub afterwards.
import type { RolloutState } from "../../core/model.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import type { Story } from "../../sandbox/story/driver.js";
import type { StoryScript } from "../../sandbox/story/script.js";
import { playStory } from "../../sandbox/story/stories.js";
import { REPO } from "../../sandbox/story/world.js";
import { builtAction } from "../action/harness.js";

export async function playQuietly(script: StoryScript): Promise<Story> {
  return playStory(script, { write: null, actionEntry: await builtAction() });
}

export function finalState(story: Story): RolloutState {
  const state = story.state();
  if (state === null) throw new Error("the story left no state file");
  return state;
}

export function trackingIssueBody(story: Story): string {
  return story.gh.repo(REPO).issues.get(story.trackingIssue())?.body ?? "";
}

/** Each item of the tracking issue by key: ticked or not, and its whole line. */
export function issueItems(body: string): Map<string, { checked: boolean; line: string }> {
  const lines = body.split("\n");
  return new Map(parseTrackingIssue(body).items.flatMap((i) => (i.key === null ? [] : [[i.key, { checked: i.checked, line: lines[i.line - 1] ?? "" }] as const])));
}

/** The rows of the tracking issue's history table, as cells. */
export function historyRows(body: string): string[][] {
  const section = body.split("### History")[1]?.split("\n### ")[0] ?? "";
  return section
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| When") && !l.startsWith("| ---"))
    .map((l) => l.slice(2, -2).split(" | "));
}

export interface SeenComment {
  author: string;
  /** The text as GitHub shows it: hidden HTML comments (stagegate's own markers) left out. */
  body: string;
  at: string;
  reactions: string[];
}

/** Markdown without its HTML comments, which GitHub does not display. */
export function visible(markdown: string): string {
  return markdown.replace(/<!--[\s\S]*?-->/g, "").trimEnd();
}

export function trackingIssueComments(story: Story): SeenComment[] {
  const issue = story.gh.repo(REPO).issues.get(story.trackingIssue());
  return (issue?.commentIds ?? []).flatMap((id) => {
    const c = story.gh.state.comments.get(id);
    return c ? [{ author: c.author, body: visible(c.body), at: c.createdAt, reactions: c.reactions.map((r) => `${r.user}:${r.content}`) }] : [];
  });
}

/** The latest check run of each name on the plan pull request's head, as its merge box shows them. */
export function planPullRequestChecks(story: Story): Map<string, { conclusion: string | null; status: string; title: string | null }> {
  const pull = story.gh.repo(REPO).pulls.get(1);
  if (!pull) throw new Error("the story opened no pull request #1");
  const runs = [...story.gh.state.checkRuns.values()].filter((r) => r.headSha === pull.headSha).sort((a, b) => a.id - b.id);
  return new Map(runs.map((r) => [r.name, { conclusion: r.conclusion, status: r.status, title: r.output.title }] as const));
}

/** History entries without their timestamps and reasons: the sequence that tells the story. */
export function historySequence(state: RolloutState): string[] {
  return state.history.map((h) => `${h.action} ${h.from ?? "-"}→${h.to ?? "-"} by ${h.by}`);
}
