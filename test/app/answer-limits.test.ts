// Every answer fits GitHub, through the App as a real server: a comment full of commands gets
// one reply within the comment limit with the help text once, at most ten commands are acted on
// (the rest refused in one line), so one comment never causes more than ten state commits.
import { describe, expect, it } from "vitest";
import { COMMENT_BODY_MAX } from "../../core/github-limits.js";
import { type AppWorld, command as commandAs, eachWithStartedRollout, REPO, STATE_PATH } from "./harness.js";

let w: AppWorld;
eachWithStartedRollout((world) => (w = world));

const command = (body: string) => commandAs(w, "pam", body);

const stateCommits = () => {
  const repo = w.emulator.repo(REPO);
  return [...repo.commits.values()].filter((c) => c.parents.length === 1 && repo.commits.get(c.parents[0] as string)?.tree.get(STATE_PATH) !== c.tree.get(STATE_PATH)).length;
};

describe("answers that fit", () => {
  it("acts on ten commands of a comment, refuses the rest in one line, and writes the help text once", async () => {
    const before = stateCommits();
    const body = ["/help", "/deploy", "/help", ...Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? `/pause round ${i}` : "/resume"))].join("\n");
    const { reactions, replies: comments } = await command(body);
    expect(reactions).toEqual(["eyes", "confused"]);
    // Each pause and resume is announced on its own (its history entry's key); the reply is one.
    const announcements = comments.filter((c) => c.includes("<!-- stagegate:announce "));
    expect(announcements.map((c) => c.split(" ")[1])).toEqual(["**Paused**:", "**Resumed**:", "**Paused**:", "**Resumed**:", "**Paused**:", "**Resumed**:", "**Paused**:"]);
    const replies = comments.filter((c) => !announcements.includes(c));
    expect(replies).toHaveLength(1);
    const reply = replies[0] ?? "";
    expect(reply).toContain("5 more commands were not acted on: stagegate acts on at most 10 commands per comment.");
    expect(reply.split("### stagegate commands")).toHaveLength(2);
    expect(reply).toContain("`/deploy` is not a stagegate command.");
    // Seven of the ten acted on change the state: one commit each, none for the five refused.
    expect(stateCommits() - before).toBe(7);
  });

  it("keeps a reply to long unknown commands within GitHub's comment limit", async () => {
    const long = Array.from({ length: 10 }, (_, i) => `/x${i}${"y".repeat(9_000)}`).join("\n");
    const { reactions, replies } = await command(long);
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.length).toBeLessThanOrEqual(COMMENT_BODY_MAX);
  });
});
