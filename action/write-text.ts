// One write to GitHub as a person reads it in the log and the job summary: what kind, where to,
// and what it carries (a commit's message and diff, a comment's or an issue's body, a check
// run's conclusion and title). Both print from here, so they always show the same writes.
import type { RecordedWrite } from "../runtime/write-recorder.js";
import { lineDiff } from "./text-diff.js";

export interface WriteText {
  /** One line: the kind, the target and, for a commit, its message. */
  headline: string;
  /** What the write carries; null when the headline says it all (a reaction). */
  content: { label: string; lang: "diff" | "markdown" | "text"; text: string } | null;
}

/** A dry run's new issue has no number yet: it stands as a negative one (runtime/write-recorder.ts). */
function issueName(number: number): string {
  return number > 0 ? `issue #${number}` : "the issue created above";
}

export function describeWrite({ write, before }: RecordedWrite): WriteText {
  switch (write.kind) {
    case "commit-file":
      return {
        headline: `commit ${write.path} to ${write.branch}: ${write.message}`,
        content: before === undefined ? { label: "new content", lang: "text", text: write.content } : { label: before === null ? "new file" : "diff", lang: "diff", text: lineDiff(before, write.content) },
      };
    case "create-issue":
      return { headline: `create issue "${write.title}" labelled ${write.labels.join(", ")}`, content: { label: "body", lang: "markdown", text: write.body } };
    case "update-issue": {
      const title = write.patch.title === undefined ? "" : ` titled "${write.patch.title}"`;
      return { headline: `edit ${issueName(write.number)}${title}${write.patch.body === undefined ? "" : ": new body"}`, content: write.patch.body === undefined ? null : { label: "body", lang: "markdown", text: write.patch.body } };
    }
    case "comment":
      return { headline: `comment on ${issueName(write.issue)}`, content: { label: "comment", lang: "markdown", text: write.body } };
    case "reaction":
      return { headline: `react ${write.content} to comment ${write.commentId}`, content: null };
    case "create-check-run":
    case "update-check-run": {
      const input = write.input;
      const target = write.kind === "create-check-run" ? `create check run "${write.input.name}" on ${write.input.headSha.slice(0, 7)}` : `update check run ${write.id}${input.name === undefined ? "" : ` "${input.name}"`}`;
      const outcome = [input.status, input.conclusion].filter((part) => part !== undefined).join(", ");
      const text = [input.summary, input.text].filter((part) => part !== undefined && part !== "").join("\n\n");
      return {
        headline: `${target}${outcome === "" ? "" : `: ${outcome}`}${input.title === undefined ? "" : ` — ${input.title}`}`,
        content: text === "" ? null : { label: "output", lang: "markdown", text },
      };
    }
  }
}

/** `1 commit, 2 comments, 1 issue edit`: the writes counted by kind, in words. */
export function countWrites(writes: RecordedWrite[]): string {
  const names: Record<RecordedWrite["write"]["kind"], [string, string]> = {
    "commit-file": ["commit", "commits"],
    "create-issue": ["new issue", "new issues"],
    "update-issue": ["issue edit", "issue edits"],
    comment: ["comment", "comments"],
    reaction: ["reaction", "reactions"],
    "create-check-run": ["new check run", "new check runs"],
    "update-check-run": ["check run update", "check run updates"],
  };
  const counts = new Map<RecordedWrite["write"]["kind"], number>();
  for (const { write } of writes) counts.set(write.kind, (counts.get(write.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${names[kind][n === 1 ? 0 : 1]}`).join(", ");
}
