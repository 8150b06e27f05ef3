// A dry run prints the writes a real run makes: for each step of a rollout's life (the merge, a
// promotion, an alert, a rollback, a quiet tick), the dry run goes first and prints its writes,
// then a real run at the same instant writes to the emulator, and what it wrote there (read back
// from the emulator's repository: commits, issues, comments, in the order of its requests) must
// be exactly what the dry run printed — the same kinds, targets and contents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Write } from "../../runtime/writes.js";
import type { RecordedWrite } from "../../runtime/write-recorder.js";
import { describeWrite } from "../../action/write-text.js";
import { isWrite } from "../../sandbox/github-emulator/index.js";
import type { ActionRun } from "./harness.js";
import { PLAN_PATH, PLAN_YAML, REPO, scenario, signOff, type Scenario } from "./scenario.js";

// The plan also keeps a flagd file beside its state: that write reads the state just committed.
const PLAN = `${PLAN_YAML}flagd: true\n`;

interface Printed {
  headline: string;
  content: string | null;
}

/** The writes a run printed in its log, in order (from `N. headline` and the quoted content after it). */
function printedWrites(run: ActionRun): Printed[] {
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

interface Snapshot {
  head: string;
  issues: Map<number, { title: string; body: string }>;
  comments: Set<number>;
  requests: number;
}

function snapshot(s: Scenario): Snapshot {
  const repo = s.emulator.repo(REPO);
  return {
    head: repo.branches.get("main") as string,
    issues: new Map([...repo.issues].map(([n, issue]) => [n, { title: issue.title, body: issue.body ?? "" }])),
    comments: new Set(s.emulator.state.comments.keys()),
    requests: s.emulator.requests.all().length,
  };
}

/** What the real run wrote, read back from the emulator: its write requests in order, with what each left behind. */
function madeWrites(s: Scenario, before: Snapshot): RecordedWrite[] {
  const repo = s.emulator.repo(REPO);
  const blob = (sha: string | undefined) => (sha === undefined ? null : (s.emulator.state.blobs.get(sha)?.toString("utf8") ?? null));
  const commits: string[] = [];
  for (let sha = repo.branches.get("main") as string; sha !== before.head; sha = repo.commits.get(sha)?.parents[0] as string) commits.unshift(sha);
  const created = [...repo.issues.values()].filter((i) => !i.isPullRequest && !before.issues.has(i.number)).sort((a, b) => a.number - b.number);
  const comments = [...s.emulator.state.comments.values()].filter((c) => !before.comments.has(c.id)).sort((a, b) => a.id - b.id);

  return s.emulator.requests
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
          const write: Write = { kind: "commit-file", path, content: blob(commit.tree.get(path)) ?? "", message: commit.message, expectedSha: null, branch: "main" };
          return { write, before: blob(parent.tree.get(path)) };
        }
        case "POST /repos/{owner}/{repo}/issues": {
          const issue = created.shift()!;
          return { write: { kind: "create-issue", title: issue.title, body: issue.body ?? "", labels: issue.labels } };
        }
        case "PATCH /repos/{owner}/{repo}/issues/{issue_number}": {
          const was = before.issues.get(issueNumber)!;
          const now = repo.issues.get(issueNumber)!;
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
function asPrinted(writes: RecordedWrite[], created: Set<number>): Printed[] {
  return writes.map((recorded) => {
    const w = recorded.write;
    const placeholder = (n: number) => (created.has(n) ? -1 : n);
    const write: Write = w.kind === "comment" ? { ...w, issue: placeholder(w.issue) } : w.kind === "update-issue" ? { ...w, number: placeholder(w.number) } : w;
    const { headline, content } = describeWrite({ ...recorded, write });
    return { headline, content: content?.text ?? null };
  });
}

let s: Scenario;
beforeAll(async () => {
  s = await scenario({ plan: false });
});
afterAll(() => s?.close());

/** A dry run, then a real run of the same event at the same instant: the dry run printed what the real run wrote. */
async function bothRuns(event: "push" | "schedule", inputs: Record<string, string>, payload?: Record<string, unknown>): Promise<RecordedWrite[]> {
  const before = snapshot(s);
  const dry = await s.run({ event, ...(payload ? { payload } : {}), inputs: { ...inputs, "dry-run": "true" } });
  expect(dry.code).toBe(0);
  expect(s.emulator.requests.all().slice(before.requests).filter(isWrite)).toEqual([]);

  const real = await s.run({ event, ...(payload ? { payload } : {}), inputs });
  expect(real.code).toBe(0);
  const made = madeWrites(s, before);
  const created = new Set([...s.emulator.repo(REPO).issues.keys()].filter((n) => !before.issues.has(n)));
  expect(printedWrites(dry)).toEqual(asPrinted(made, created));
  // The real run's log lists the same writes, with the new issue's number.
  expect(printedWrites(real)).toEqual(asPrinted(made, new Set()));
  return made;
}

const kinds = (writes: RecordedWrite[]) => writes.map(({ write }) => (write.kind === "commit-file" ? `commit ${write.path.split("/").at(-1)}` : write.kind));

describe("a dry run prints exactly the writes a real run then makes", () => {
  it("at the merge of the plan: the state file, the flagd file, the tracking issue and the announcement", async () => {
    const pr = await s.emulator.as("pam").openPullRequest(REPO, { head: "editor-plan", title: "Roll out the editor", files: { [PLAN_PATH]: PLAN } });
    await signOff(s, pr.value.headSha, [
      { id: "code-review", by: "quinn", at: "2026-11-30T13:00:00Z" },
      { id: "security", by: "pam", at: "2026-11-30T13:00:00Z" },
    ]);
    const merged = await s.emulator.as("pam").merge(REPO, pr.value.number);
    const { installation: _i, ...payload } = merged.deliveries.find((d) => d.event === "push")!.payload;
    const made = await bothRuns("push", { now: "2026-11-30T14:05:00Z" }, payload);
    expect(kinds(made)).toEqual(["commit editor.yml", "commit editor.flagd.json", "create-issue", "comment"]);
  });

  it("at a promotion, an alert and a rollback, and on a run with nothing to do", async () => {
    const promoted = await bothRuns("schedule", { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) });
    expect(kinds(promoted)).toEqual(["commit editor.yml", "commit editor.flagd.json", "update-issue", "comment"]);

    const alerted = await bothRuns("schedule", { now: "2026-12-01T16:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.03 }) });
    expect(kinds(alerted)).toEqual(["commit editor.yml", "update-issue", "comment"]);

    const rolledBack = await bothRuns("schedule", { now: "2026-12-01T16:30:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.09 }) });
    expect(kinds(rolledBack)).toEqual(["commit editor.yml", "commit editor.flagd.json", "update-issue", "comment"]);

    expect(await bothRuns("schedule", { now: "2026-12-01T16:45:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.09 }) })).toEqual([]);
  });
});
