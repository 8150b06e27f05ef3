import { describe, expect, it } from "vitest";
import { handEditOf, judgeStateCommit } from "../../../core/state/hand-edit.js";

const api = { sha: "a1b2c3d4e5", authorLogin: "github-actions[bot]", committerLogin: "web-flow", message: "editor: promote internal → ten", verified: true };

describe("judgeStateCommit", () => {
  it("trusts a bot's commit through the API, signed by GitHub", () => {
    expect(judgeStateCommit(api)).toEqual({ kind: "trusted" });
    expect(judgeStateCommit({ ...api, authorLogin: "stagegate[bot]" })).toEqual({ kind: "trusted" });
  });

  it.each([
    ["a git push by a person", { authorLogin: "pam", committerLogin: "pam", verified: false }],
    ["a web-editor edit by a person", { authorLogin: "pam", committerLogin: "web-flow", verified: true }],
    ["an unsigned commit claiming the bot's email", { committerLogin: "github-actions[bot]", verified: false }],
    ["a signed commit by the bot that GitHub did not make", { committerLogin: "github-actions[bot]", verified: true }],
    ["an author GitHub links to no account", { authorLogin: null }],
  ])("calls %s a hand edit", (_case, change) => {
    expect(judgeStateCommit({ ...api, ...change })).toMatchObject({ kind: "hand-edit", commit: api.sha });
  });

  it("has nothing to judge without a commit, and keeps only the subject line", () => {
    expect(judgeStateCommit(null)).toEqual({ kind: "no-commit" });
    expect(handEditOf({ ...api, authorLogin: "pam", message: "Skip\n\nbody" })).toEqual({ commit: api.sha, author: "pam", message: "Skip" });
  });
});
