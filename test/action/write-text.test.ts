import { describe, expect, it } from "vitest";
import { countWrites, describeWrite } from "../../action/write-text.js";

describe("a write as the log and the summary print it", () => {
  it("a commit: the file, branch and message, and the change as a diff, or the whole file when the run did not read it", () => {
    const write = { kind: "commit-file", path: "s.yml", content: "stage: ten\n", message: "promote", expectedSha: "abc", branch: "main" } as const;
    expect(describeWrite({ write, before: "stage: internal\n" })).toEqual({ headline: "commit s.yml to main: promote", content: { label: "diff", lang: "diff", text: "- stage: internal\n+ stage: ten" } });
    expect(describeWrite({ write, before: null }).content).toMatchObject({ label: "new file", text: "+ stage: ten" });
    expect(describeWrite({ write }).content).toEqual({ label: "new content", lang: "text", text: "stage: ten\n" });
  });

  it("issues and comments, a new issue named before it has a number", () => {
    expect(describeWrite({ write: { kind: "create-issue", title: "Rollout: x", body: "b", labels: ["stagegate"] } })).toEqual({ headline: 'create issue "Rollout: x" labelled stagegate', content: { label: "body", lang: "markdown", text: "b" } });
    expect(describeWrite({ write: { kind: "update-issue", number: 4, patch: { title: "T" } } })).toEqual({ headline: 'edit issue #4 titled "T"', content: null });
    expect(describeWrite({ write: { kind: "update-issue", number: 4, patch: { body: "b" } } }).headline).toBe("edit issue #4: new body");
    expect(describeWrite({ write: { kind: "comment", issue: -3, body: "hi" } }).headline).toBe("comment on the issue created above");
  });

  it("a reaction and check runs: what, where, and the conclusion and title", () => {
    expect(describeWrite({ write: { kind: "reaction", commentId: 7, content: "rocket" } })).toEqual({ headline: "react rocket to comment 7", content: null });
    const created = describeWrite({ write: { kind: "create-check-run", input: { name: "stagegate / Security", headSha: "abcdef123456", status: "completed", conclusion: "success", title: "Signed", summary: "by @sam", text: "details" } } });
    expect(created).toEqual({ headline: 'create check run "stagegate / Security" on abcdef1: completed, success — Signed', content: { label: "output", lang: "markdown", text: "by @sam\n\ndetails" } });
    expect(describeWrite({ write: { kind: "update-check-run", id: 9, input: { name: "n" } } })).toEqual({ headline: 'update check run 9 "n"', content: null });
    expect(describeWrite({ write: { kind: "update-check-run", id: 9, input: {} } }).headline).toBe("update check run 9");
  });

  it("counts writes by kind in words", () => {
    const comment = { write: { kind: "comment", issue: 1, body: "" } } as const;
    expect(countWrites([comment, comment, { write: { kind: "reaction", commentId: 1, content: "eyes" } }])).toBe("2 comments, 1 reaction");
  });
});
