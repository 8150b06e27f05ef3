// Acting as a person in a browser: tick a task, comment, open a pull request, push, merge.
// Each action changes the state the way GitHub's web UI would and awaits the webhook
// deliveries it causes, returning the receiver's answers.

import { roleAtLeast, roleOf, WEB_FLOW_LOGIN } from "./access.js";
import { emitCommentEvent, emitIssueEvent, emitPush } from "./events.js";
import { commitToBranch, diffCommits } from "./git.js";
import { addComment } from "./routes/comments.js";
import { applyIssueEdit, ensureLabels, MAX_BODY } from "./routes/issues.js";
import type { Account, Commit, Issue, IssueComment, PullRequest, RepoRole, Repository } from "./state.js";
import type { Delivery } from "./webhooks.js";
import type { Emulator } from "./emulator.js";

export interface Acted<T = undefined> {
  value: T;
  /** The webhook deliveries this action caused, with the receiver's status. */
  deliveries: Delivery[];
}

/** Files to write: text content, or null to delete the file. */
export type FileChanges = Record<string, string | null>;

const WAIT = { wait: true };

export class Person {
  constructor(
    private readonly emulator: Emulator,
    readonly account: Account,
  ) {}

  get login(): string {
    return this.account.login;
  }

  /** Ticks the task item whose line carries `<!-- stagegate:item <key> -->`, as a click does. */
  tick(repo: string, issueNumber: number, key: string): Promise<Acted<Issue>> {
    return this.toggle(repo, issueNumber, key, true);
  }

  untick(repo: string, issueNumber: number, key: string): Promise<Acted<Issue>> {
    return this.toggle(repo, issueNumber, key, false);
  }

  /** Replaces an issue's (or pull request's) body, or transforms it with a function. */
  async editIssueBody(repo: string, issueNumber: number, body: string | ((current: string) => string)): Promise<Acted<Issue>> {
    const { r, issue } = this.editableIssue(repo, issueNumber);
    const next = typeof body === "function" ? body(issue.body ?? "") : body;
    if (next.length > MAX_BODY) throw new Error(`body is too long (maximum is ${MAX_BODY} characters)`);
    const { deliveries } = await applyIssueEdit(this.emulator.env, r, issue, this.account, { body: next }, WAIT);
    return { value: issue, deliveries };
  }

  async closeIssue(repo: string, issueNumber: number): Promise<Acted<Issue>> {
    const { r, issue } = this.editableIssue(repo, issueNumber);
    const { deliveries } = await applyIssueEdit(this.emulator.env, r, issue, this.account, { state: "closed" }, WAIT);
    return { value: issue, deliveries };
  }

  async openIssue(repo: string, input: { title: string; body?: string; labels?: string[] }): Promise<Acted<Issue>> {
    const r = this.repoWith(repo, "read");
    const env = this.emulator.env;
    const now = env.clock.iso();
    const issue: Issue = { id: env.state.nextId("issue"), number: r.nextNumber++, title: input.title, body: input.body ?? null, state: "open", stateReason: null, author: this.login, labels: ensureLabels(env.state, r, input.labels ?? []), createdAt: now, updatedAt: now, closedAt: null, closedBy: null, commentIds: [], viaApp: null, isPullRequest: false };
    r.issues.set(issue.number, issue);
    return { value: issue, deliveries: await emitIssueEvent(env, r, issue, "opened", this.account, {}, WAIT) };
  }

  async comment(repo: string, issueNumber: number, body: string): Promise<Acted<IssueComment>> {
    const r = this.repoWith(repo, "read");
    if (!r.issues.has(issueNumber)) throw new Error(`${repo}#${issueNumber} does not exist`);
    const comment = addComment(this.emulator.env, r, issueNumber, this.account, body, null);
    return { value: comment, deliveries: await emitCommentEvent(this.emulator.env, r, comment, "created", this.account, WAIT) };
  }

  /**
   * Commits files to a branch (created from the default branch when new) and sends `push`. A
   * `git push` by default (unsigned, committed by the person); `{ web: true }` is an edit in
   * GitHub's web editor (committed and signed by web-flow, authored by the person).
   */
  async push(repo: string, branch: string, files: FileChanges, message = "Update files", how: { web?: boolean } = {}): Promise<Acted<Commit>> {
    const r = this.repoWith(repo, "write");
    const env = this.emulator.env;
    const before = r.branches.get(branch) ?? null;
    const committer = how.web === true ? env.state.account(WEB_FLOW_LOGIN) : undefined;
    const commit = commitToBranch(env.state, r, { branch, changes: toChanges(files), message, author: this.account, date: env.clock.iso(), parents: [before ?? (r.branches.get(r.defaultBranch) as string)], ...(committer ? { committer } : {}) });
    const deliveries = await emitPush(env, r, branch, before, [commit], this.account, WAIT);
    for (const pull of r.pulls.values()) {
      const issue = r.issues.get(pull.number) as Issue;
      if (pull.headRef !== branch || issue.state !== "open") continue;
      const previous = pull.headSha;
      pull.headSha = commit.sha;
      pull.commits.push(commit.sha);
      issue.updatedAt = env.clock.iso();
      deliveries.push(...(await emitIssueEvent(env, r, issue, "synchronize", this.account, { before: previous, after: commit.sha }, WAIT)));
    }
    return { value: commit, deliveries };
  }

  /** Creates branch `head` from `base` with one commit of `files`, then opens the pull request. */
  async openPullRequest(repo: string, input: { head: string; base?: string; title: string; body?: string; files: FileChanges; message?: string }): Promise<Acted<PullRequest>> {
    const r = this.repoWith(repo, "write");
    const env = this.emulator.env;
    const base = input.base ?? r.defaultBranch;
    const baseSha = r.branches.get(base);
    if (!baseSha) throw new Error(`${repo} has no branch ${base}`);
    if (r.branches.has(input.head)) throw new Error(`${repo} already has a branch ${input.head}`);
    const commit = commitToBranch(env.state, r, { branch: input.head, changes: toChanges(input.files), message: input.message ?? input.title, author: this.account, date: env.clock.iso(), parents: [baseSha] });
    const deliveries = await emitPush(env, r, input.head, null, [commit], this.account, WAIT);
    const now = env.clock.iso();
    const issue: Issue = { id: env.state.nextId("issue"), number: r.nextNumber++, title: input.title, body: input.body ?? null, state: "open", stateReason: null, author: this.login, labels: [], createdAt: now, updatedAt: now, closedAt: null, closedBy: null, commentIds: [], viaApp: null, isPullRequest: true };
    const pull: PullRequest = { id: env.state.nextId("pull"), number: issue.number, headRef: input.head, headSha: commit.sha, baseRef: base, mergeBase: baseSha, merged: false, mergedAt: null, mergedBy: null, mergeCommitSha: null, commits: [commit.sha] };
    r.issues.set(issue.number, issue);
    r.pulls.set(pull.number, pull);
    deliveries.push(...(await emitIssueEvent(env, r, issue, "opened", this.account, {}, WAIT)));
    return { value: pull, deliveries };
  }

  /** Merges with a merge commit: `pull_request.closed` (merged) then `push` to the base branch. */
  async merge(repo: string, number: number, message?: string): Promise<Acted<Commit>> {
    const r = this.repoWith(repo, "write");
    const env = this.emulator.env;
    const pull = r.pulls.get(number);
    const issue = r.issues.get(number);
    if (!pull || !issue) throw new Error(`${repo} has no pull request #${number}`);
    if (issue.state !== "open") throw new Error(`${repo}#${number} is not open`);
    const baseHead = r.branches.get(pull.baseRef) as string;
    const head = r.commits.get(pull.headSha) as Commit;
    const changes = new Map<string, Buffer | null>();
    for (const change of diffCommits(env.state, r.commits.get(pull.mergeBase), head)) {
      changes.set(change.filename, change.status === "removed" ? null : (env.state.blobs.get(change.sha) as Buffer));
    }
    const now = env.clock.iso();
    const mergeCommit = commitToBranch(env.state, r, { branch: pull.baseRef, changes, message: message ?? `Merge pull request #${number} from ${r.owner}/${pull.headRef}\n\n${issue.title}`, author: this.account, date: now, parents: [baseHead, pull.headSha], committer: env.state.account(WEB_FLOW_LOGIN) });
    Object.assign(pull, { merged: true, mergedAt: now, mergedBy: this.login, mergeCommitSha: mergeCommit.sha });
    Object.assign(issue, { state: "closed", stateReason: null, closedAt: now, closedBy: this.login, updatedAt: now });
    const deliveries = await emitIssueEvent(env, r, issue, "closed", this.account, {}, WAIT);
    const pushed = pull.commits.map((sha) => r.commits.get(sha) as Commit);
    deliveries.push(...(await emitPush(env, r, pull.baseRef, baseHead, [...pushed, mergeCommit], this.account, WAIT)));
    return { value: mergeCommit, deliveries };
  }

  private async toggle(repo: string, issueNumber: number, key: string, checked: boolean): Promise<Acted<Issue>> {
    const { issue } = this.editableIssue(repo, issueNumber);
    const body = issue.body ?? "";
    const marker = `<!-- stagegate:item ${key} -->`;
    const lines = body.split("\n");
    const index = lines.findIndex((l) => l.includes(marker));
    if (index === -1) throw new Error(`${repo}#${issueNumber} has no task item marked ${marker}`);
    const line = lines[index] as string;
    const task = /^(\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+)\[([ xX])\]/.exec(line);
    if (!task) throw new Error(`the line marked ${marker} is not a task list item: ${line}`);
    const isChecked = task[2] !== " ";
    if (isChecked === checked) throw new Error(`item ${key} in ${repo}#${issueNumber} is already ${checked ? "ticked" : "unticked"}`);
    lines[index] = `${task[1]}[${checked ? "x" : " "}]${line.slice(task[0].length)}`;
    return this.editIssueBody(repo, issueNumber, lines.join("\n"));
  }

  private editableIssue(repo: string, issueNumber: number): { r: Repository; issue: Issue } {
    const r = this.repoWith(repo, "read");
    const issue = r.issues.get(issueNumber);
    if (!issue) throw new Error(`${repo}#${issueNumber} does not exist`);
    // In the browser only the author and people with triage access or more can edit a body.
    if (issue.author.toLowerCase() !== this.login.toLowerCase() && !roleAtLeast(roleOf(this.emulator.state, r, this.login), "triage")) {
      throw new Error(`${this.login} cannot edit ${repo}#${issueNumber}: give them a role of triage or more with setRole`);
    }
    return { r, issue };
  }

  private repoWith(repo: string, role: RepoRole): Repository {
    const r = this.emulator.repo(repo);
    if (!roleAtLeast(roleOf(this.emulator.state, r, this.login), role)) throw new Error(`${this.login} needs the ${role} role on ${repo} for this (setRole)`);
    return r;
  }
}

function toChanges(files: FileChanges): Map<string, Buffer | null> {
  return new Map(Object.entries(files).map(([path, content]) => [path, content === null ? null : Buffer.from(content)] as const));
}
