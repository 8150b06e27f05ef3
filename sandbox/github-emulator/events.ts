// The webhook events state changes cause, built from the same shapes the REST API returns.
// Routes (the App's and the Action's writes) and the people API (a person's clicks) both go
// through here, so an edit made either way produces the same event GitHub would send.

import type { Delivery } from "./webhooks.js";
import { issueShape, commentShape, labelShape } from "./shapes/issues.js";
import { pullRequestShape } from "./shapes/pulls.js";
import type { Account, Commit, IssueComment, Issue, PullRequest, Repository } from "./state.js";
import type { Env } from "./routes/types.js";

export interface EmitOptions {
  /** A person's action waits for the receiver; API writes deliver in the background. */
  wait: boolean;
}

export function emitIssueEvent(env: Env, repo: Repository, issue: Issue, action: string, sender: Account, extra: Record<string, unknown>, options: EmitOptions): Promise<Delivery[]> {
  const name = issue.isPullRequest ? "pull_request" : "issues";
  if (issue.isPullRequest) {
    const pull = repo.pulls.get(issue.number) as PullRequest;
    return env.webhooks.emit({ name, repo, sender, payload: { action, number: issue.number, ...extra, pull_request: pullRequestShape(repo, issue, pull, env.ctx) } }, options);
  }
  return env.webhooks.emit({ name, repo, sender, payload: { action, ...extra, issue: issueShape(repo, issue, env.ctx) } }, options);
}

export async function emitLabeled(env: Env, repo: Repository, issue: Issue, labels: string[], sender: Account, options: EmitOptions): Promise<Delivery[]> {
  const all: Delivery[] = [];
  for (const name of labels) {
    const label = repo.labels.get(name.toLowerCase());
    if (label) all.push(...(await emitIssueEvent(env, repo, issue, "labeled", sender, { label: labelShape(repo, label, env.ctx) }, options)));
  }
  return all;
}

export function emitCommentEvent(env: Env, repo: Repository, comment: IssueComment, action: string, sender: Account, options: EmitOptions, extra: Record<string, unknown> = {}): Promise<Delivery[]> {
  const issue = repo.issues.get(comment.issueNumber) as Issue;
  return env.webhooks.emit({ name: "issue_comment", repo, sender, payload: { action, ...extra, issue: issueShape(repo, issue, env.ctx), comment: commentShape(repo, comment, env.ctx) } }, options);
}

/** A push of one or more commits to a branch (`before` is the previous head or zeros). */
export function emitPush(env: Env, repo: Repository, branch: string, before: string | null, commits: Commit[], pusher: Account, options: EmitOptions): Promise<Delivery[]> {
  const repoWeb = `${env.ctx.urls.web}/${repo.fullName}`;
  const after = commits.at(-1)?.sha ?? before ?? "0".repeat(40);
  const render = (c: Commit) => {
    const parent = c.parents[0] ? repo.commits.get(c.parents[0]) : undefined;
    const added: string[] = [];
    const modified: string[] = [];
    const removed: string[] = [];
    for (const [path, sha] of c.tree) {
      const old = parent?.tree.get(path);
      if (old === undefined) added.push(path);
      else if (old !== sha) modified.push(path);
    }
    for (const path of parent?.tree.keys() ?? []) if (!c.tree.has(path)) removed.push(path);
    return {
      id: c.sha,
      tree_id: c.treeSha,
      distinct: true,
      message: c.message,
      timestamp: c.author.date,
      url: `${repoWeb}/commit/${c.sha}`,
      author: { name: c.author.name, email: c.author.email, username: c.author.login ?? undefined },
      committer: { name: c.committer.name, email: c.committer.email, username: c.committer.login ?? undefined },
      added,
      removed,
      modified,
    };
  };
  const rendered = commits.map(render);
  return env.webhooks.emit(
    {
      name: "push",
      repo,
      sender: pusher,
      payload: {
        ref: `refs/heads/${branch}`,
        before: before ?? "0".repeat(40),
        after,
        created: before === null,
        deleted: false,
        forced: false,
        base_ref: null,
        compare: `${repoWeb}/compare/${(before ?? "0".repeat(40)).slice(0, 12)}...${after.slice(0, 12)}`,
        commits: rendered,
        head_commit: rendered.at(-1) ?? null,
        pusher: { name: pusher.login, email: pusher.email ?? `${pusher.id}+${pusher.login}@users.noreply.github.com` },
      },
    },
    options,
  );
}
