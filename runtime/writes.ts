// Every write stagegate makes to GitHub, as a value, and the one place that applies them. The
// handlers and the clock decide what to write (with the core) and build these; nothing else
// calls the port's writing methods (eslint enforces it), so everything a run writes is a value
// that can be listed, and is applied in this one file.
import type { CheckRunData, CheckRunInput, CommitResult, GitHubPort, IssueData, Reaction } from "../port/github-port.js";

export type Write =
  /** One file committed with the sha it was read at (null: it must not exist yet). */
  | { kind: "commit-file"; path: string; content: string; message: string; expectedSha: string | null; branch: string }
  | { kind: "create-issue"; title: string; body: string; labels: string[] }
  | { kind: "update-issue"; number: number; patch: { title?: string; body?: string } }
  | { kind: "comment"; issue: number; body: string }
  | { kind: "reaction"; commentId: number; content: Reaction }
  | { kind: "create-check-run"; input: CheckRunInput }
  | { kind: "update-check-run"; id: number; input: Partial<CheckRunInput> };

interface WriteResults {
  "commit-file": CommitResult;
  "create-issue": IssueData;
  "update-issue": IssueData;
  comment: { id: number };
  reaction: void;
  "create-check-run": CheckRunData;
  "update-check-run": CheckRunData;
}

export type WriteResult<W extends Write> = WriteResults[W["kind"]];

/**
 * Sees every write to a port before it is sent: `send` applies it; a dry run answers without
 * calling it (runtime/write-recorder.ts).
 */
export type WriteObserver = (write: Write, send: () => Promise<unknown>) => Promise<unknown>;

const observers = new WeakMap<GitHubPort, WriteObserver>();

/** Routes every write to `port` through `observer` (the port is one made for that, never a shared one). */
export function observeWrites(port: GitHubPort, observer: WriteObserver): void {
  observers.set(port, observer);
}

/** Applies one write through the port and returns what GitHub answered. */
export async function applyWrite<W extends Write>(port: GitHubPort, write: W): Promise<WriteResult<W>> {
  const send = () => dispatch(port, write);
  const observer = observers.get(port);
  return (await (observer === undefined ? send() : observer(write, send))) as WriteResult<W>;
}

function dispatch(port: GitHubPort, write: Write): Promise<WriteResults[keyof WriteResults]> {
  switch (write.kind) {
    case "commit-file":
      return port.commitFile({ path: write.path, content: write.content, message: write.message, expectedSha: write.expectedSha, branch: write.branch });
    case "create-issue":
      return port.createIssue({ title: write.title, body: write.body, labels: write.labels });
    case "update-issue":
      return port.updateIssue(write.number, write.patch);
    case "comment":
      return port.createComment(write.issue, write.body);
    case "reaction":
      return port.addReaction(write.commentId, write.content);
    case "create-check-run":
      return port.createCheckRun(write.input);
    case "update-check-run":
      return port.updateCheckRun(write.id, write.input);
  }
}

