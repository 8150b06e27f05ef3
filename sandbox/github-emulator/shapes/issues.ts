// Issues, labels, issue comments and reactions as GitHub renders them.

import type { IssueComment, Issue, Label, Reaction, Repository } from "../state.js";
import { nodeId, userByLogin, type RenderContext } from "./common.js";
import { appShape } from "./apps.js";

export function labelShape(repo: Repository, label: Label, ctx: RenderContext): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId("LA", label.id),
    url: `${ctx.urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

const REACTIONS = ["+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"] as const;

function reactionRollup(url: string, reactions: Reaction[]): Record<string, unknown> {
  const rollup: Record<string, unknown> = { url: `${url}/reactions`, total_count: reactions.length };
  for (const content of REACTIONS) rollup[content] = reactions.filter((r) => r.content === content).length;
  return rollup;
}

export function reactionShape(reaction: Reaction, ctx: RenderContext): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: nodeId("REA", reaction.id),
    user: userByLogin(reaction.user, ctx),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export function issueShape(repo: Repository, issue: Issue, ctx: RenderContext): Record<string, unknown> {
  const repoApi = `${ctx.urls.api}/repos/${repo.fullName}`;
  const url = `${repoApi}/issues/${issue.number}`;
  const shape: Record<string, unknown> = {
    id: issue.id,
    node_id: nodeId(issue.isPullRequest ? "PR" : "I", issue.id),
    url,
    repository_url: repoApi,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${ctx.urls.web}/${repo.fullName}/${issue.isPullRequest ? "pull" : "issues"}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userByLogin(issue.author, ctx),
    labels: issue.labels.map((name) => repo.labels.get(name.toLowerCase())).filter((l): l is Label => l !== undefined).map((l) => labelShape(repo, l, ctx)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.commentIds.length,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedBy ? userByLogin(issue.closedBy, ctx) : null,
    author_association: authorAssociation(repo, issue.author, ctx),
    // Reactions on issues themselves are not emulated: only comment reactions are.
    reactions: reactionRollup(url, []),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: issue.viaApp !== null ? appShape(issue.viaApp, ctx) : null,
  };
  if (issue.isPullRequest) {
    const pull = repo.pulls.get(issue.number);
    shape.pull_request = {
      url: `${repoApi}/pulls/${issue.number}`,
      html_url: `${ctx.urls.web}/${repo.fullName}/pull/${issue.number}`,
      diff_url: `${ctx.urls.web}/${repo.fullName}/pull/${issue.number}.diff`,
      patch_url: `${ctx.urls.web}/${repo.fullName}/pull/${issue.number}.patch`,
      merged_at: pull?.mergedAt ?? null,
    };
  }
  return shape;
}

export function commentShape(repo: Repository, comment: IssueComment, ctx: RenderContext): Record<string, unknown> {
  const repoApi = `${ctx.urls.api}/repos/${repo.fullName}`;
  const url = `${repoApi}/issues/comments/${comment.id}`;
  const issue = repo.issues.get(comment.issueNumber);
  return {
    id: comment.id,
    node_id: nodeId("IC", comment.id),
    url,
    html_url: `${ctx.urls.web}/${repo.fullName}/${issue?.isPullRequest ? "pull" : "issues"}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userByLogin(comment.author, ctx),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${repoApi}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(repo, comment.author, ctx),
    reactions: reactionRollup(url, comment.reactions),
    performed_via_github_app: comment.viaApp !== null ? appShape(comment.viaApp, ctx) : null,
  };
}

/** GitHub's coarse relationship of an author to the repository. */
export function authorAssociation(repo: Repository, login: string, ctx: RenderContext): string {
  const who = login.toLowerCase();
  if (who === repo.owner.toLowerCase()) return "OWNER";
  if (login.endsWith("[bot]")) return "NONE";
  const orgMember = [...ctx.state.teams.values()].some((t) => t.org.toLowerCase() === repo.owner.toLowerCase() && t.members.get(who)?.state === "active");
  if (orgMember) return "MEMBER";
  return repo.roles.has(who) ? "COLLABORATOR" : "NONE";
}
