// What a run of the Action printed as its writes, and what it really wrote to the emulator, in
// one form, so the two can be compared: the writes are read back from the emulator's repository
// (commits, issues, comments) in the order of the run's write requests.
import type { RecordedWrite } from "../../runtime/write-recorder.js";
import type { Write } from "../../runtime/writes.js";
import { describeWrite } from "../../action/write-text.js";
import { isWrite, type RunningEmulator } from "../../sandbox/github-emulator/index.js";

export interface Printed {
  headline: string;
  content: string | null;
}

/** The writes a run printed in its log, in order (from `N. headline` and the quoted content after it). */
export function printedWrites(run: { stdout: string }): Printed[] {
  const printed: Printed[] = [];
  const lines = run.stdout.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const item = /^\d+\. (.*)$/.exec(lines[i] ?? "");
    if (item === null) continue;
    const entry: Printed = { headline: item[1] as string, content: null };
    const stop = /^::stop-commands::(.+)$/.exec(lines[i + 1] ?? "");
    if (stop !== null) {
      const end = lines.indexOf(`::${stop[1]}::`, i + 2);
      entry.content = lines.slice(i + 2, end).join("\n");
      i = end;
    }
    printed.push(entry);
  }
  return printed;
}

export interface Snapshot {
  head: string;
  issues: Map<number, { title: string; body: string }>;
  comments: Set<number>;
  requests: number;
  /** How many `issues` deliveries had been sent. */
  deliveries: number;
}

export function snapshot(gh: RunningEmulator, repoName: string): Snapshot {
  const repo = gh.repo(repoName);
  return {
    head: repo.branches.get(repo.defaultBranch) as string,
    issues: new Map([...repo.issues].map(([n, issue]) => [n, { title: issue.title, body: issue.body ?? "" }])),
    comments: new Set(gh.state.comments.keys()),
    requests: gh.requests.all().length,
    deliveries: gh.webhooks.deliveries({ event: "issues" }).length,
  };
}

/** What the real run wrote, read back from the emulator: its write requests in order, with what each left behind. */
export function madeWrites(gh: RunningEmulator, repoName: string, before: Snapshot): RecordedWrite[] {
  const repo = gh.repo(repoName);
  const blob = (sha: string | undefined) => (sha === undefined ? null : (gh.state.blobs.get(sha)?.toString("utf8") ?? null));
  const commits: string[] = [];
  for (let sha = repo.branches.get(repo.defaultBranch) as string; sha !== before.head; sha = repo.commits.get(sha)?.parents[0] as string) commits.unshift(sha);
  const created = [...repo.issues.values()].filter((i) => !i.isPullRequest && !before.issues.has(i.number)).sort((a, b) => a.number - b.number);
  const comments = [...gh.state.comments.values()].filter((c) => !before.comments.has(c.id)).sort((a, b) => a.id - b.id);
  // An issue created and then edited in one run (its announcement's record follows the comment)
  // has only its last text in the emulator: the webhook payloads of the run say what each write left.
  type IssueText = { title: string; body: string };
  const issueText = (issue: { title: string; body?: string | null }): IssueText => ({ title: issue.title, body: issue.body ?? "" });
  const payloadIssue = (d: { payload: Record<string, unknown> }) => d.payload.issue as { number: number; title: string; body?: string | null };
  const newDeliveries = gh.webhooks.deliveries({ event: "issues" }).slice(before.deliveries);
  const opened = new Map(newDeliveries.filter((d) => d.action === "opened").map((d) => [payloadIssue(d).number, issueText(payloadIssue(d))]));
  const edits = newDeliveries.filter((d) => d.action === "edited");
  const known = new Map(before.issues);

  return gh.requests
    .all()
    .slice(before.requests)
    .filter(isWrite)
    .map((request): RecordedWrite => {
      const issueNumber = Number(/\/issues\/(\d+)/.exec(request.url)?.[1]);
      switch (request.route) {
        case "PUT /repos/{owner}/{repo}/contents/{path}": {
          const commit = repo.commits.get(commits.shift() as string)!;
          const parent = repo.commits.get(commit.parents[0] as string)!;
          const path = decodeURIComponent(request.url.split("/contents/")[1] as string);
          const write: Write = { kind: "commit-file", path, content: blob(commit.tree.get(path)) ?? "", message: commit.message, expectedSha: null, branch: repo.defaultBranch };
          return { write, before: blob(parent.tree.get(path)) };
        }
        case "POST /repos/{owner}/{repo}/issues": {
          const issue = created.shift()!;
          const text = opened.get(issue.number) ?? issueText(issue);
          known.set(issue.number, text);
          return { write: { kind: "create-issue", title: text.title, body: text.body, labels: issue.labels } };
        }
        case "PATCH /repos/{owner}/{repo}/issues/{issue_number}": {
          const was = known.get(issueNumber)!;
          const editIndex = edits.findIndex((d) => payloadIssue(d).number === issueNumber);
          const now = editIndex >= 0 ? issueText(payloadIssue(edits.splice(editIndex, 1)[0]!)) : issueText(repo.issues.get(issueNumber)!);
          known.set(issueNumber, now);
          const patch = { ...(now.title !== was.title ? { title: now.title } : {}), ...(now.body !== was.body ? { body: now.body ?? "" } : {}) };
          return { write: { kind: "update-issue", number: issueNumber, patch } };
        }
        case "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": {
          const comment = comments.shift()!;
          return { write: { kind: "comment", issue: comment.issueNumber, body: comment.body } };
        }
        default:
          throw new Error(`a write the test does not know: ${request.method} ${request.url}`);
      }
    });
}

/** How the writes print; an issue the run created shows as it does before it has a number. */
export function asPrinted(writes: RecordedWrite[], created: Set<number>): Printed[] {
  return writes.map((recorded) => {
    const w = recorded.write;
    const placeholder = (n: number) => (created.has(n) ? -1 : n);
    const write: Write = w.kind === "comment" ? { ...w, issue: placeholder(w.issue) } : w.kind === "update-issue" ? { ...w, number: placeholder(w.number) } : w;
    const { headline, content } = describeWrite({ ...recorded, write });
    return { headline, content: content?.text ?? null };
  });
}
