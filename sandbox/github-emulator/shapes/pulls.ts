// Pull requests: the full object (`pulls/get`, webhooks) and the simple one in lists. A pull
// request is also an issue (same number, title, body, labels and comments), as on GitHub.

import { diffCommits } from "../git.js";
import type { Issue, PullRequest, Repository } from "../state.js";
import { nodeId, userByLogin, type RenderContext } from "./common.js";
import { authorAssociation, labelShape } from "./issues.js";
import { repositoryShape } from "./repository.js";

export function pullRequestSimpleShape(repo: Repository, issue: Issue, pull: PullRequest, ctx: RenderContext): Record<string, unknown> {
  const api = `${ctx.urls.api}/repos/${repo.fullName}`;
  const url = `${api}/pulls/${pull.number}`;
  const web = `${ctx.urls.web}/${repo.fullName}/pull/${pull.number}`;
  const repoShape = repositoryShape(repo, ctx);
  const ownerUser = userByLogin(repo.owner, ctx);
  const link = (href: string) => ({ href });
  return {
    url,
    id: pull.id,
    node_id: nodeId("PR", pull.id),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: pull.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userByLogin(issue.author, ctx),
    body: issue.body,
    labels: issue.labels.map((n) => repo.labels.get(n.toLowerCase())).filter((l) => l !== undefined).map((l) => labelShape(repo, l, ctx)),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: { label: `${repo.owner}:${pull.headRef}`, ref: pull.headRef, sha: pull.headSha, user: ownerUser, repo: repoShape },
    base: { label: `${repo.owner}:${pull.baseRef}`, ref: pull.baseRef, sha: repo.branches.get(pull.baseRef) ?? pull.mergeBase, user: ownerUser, repo: repoShape },
    _links: {
      self: link(url),
      html: link(web),
      issue: link(`${api}/issues/${pull.number}`),
      comments: link(`${api}/issues/${pull.number}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${api}/statuses/${pull.headSha}`),
    },
    author_association: authorAssociation(repo, issue.author, ctx),
    auto_merge: null,
    draft: false,
  };
}

export function pullRequestShape(repo: Repository, issue: Issue, pull: PullRequest, ctx: RenderContext): Record<string, unknown> {
  const head = repo.commits.get(pull.headSha);
  const files = head ? diffCommits(ctx.state, repo.commits.get(pull.mergeBase), head) : [];
  return {
    ...pullRequestSimpleShape(repo, issue, pull, ctx),
    merged: pull.merged,
    mergeable: issue.state === "open" ? true : null,
    rebaseable: issue.state === "open" ? true : null,
    mergeable_state: issue.state === "open" ? "clean" : "unknown",
    merged_by: pull.mergedBy ? userByLogin(pull.mergedBy, ctx) : null,
    comments: issue.commentIds.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pull.commits.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}
