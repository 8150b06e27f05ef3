// Issue comments and their reactions.

import { accountOf, roleAtLeast, roleOf } from "../access.js";
import { emitCommentEvent } from "../events.js";
import { error, json, notFound, validationFailed } from "../replies.js";
import { commentShape, reactionShape } from "../shapes/issues.js";
import type { Account, IssueComment, Repository } from "../state.js";
import { isRepository, NEEDS, paginate, repoFor } from "./helpers.js";
import { MAX_BODY } from "./issues.js";
import type { Env, HandlerTable } from "./types.js";

export const commentRoutes: HandlerTable = {
  "issues/list-comments": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readIssues);
    if (!isRepository(repo)) return repo;
    const issue = repo.issues.get(Number(req.params.issue_number));
    if (!issue) return notFound();
    const since = req.query.get("since");
    const comments = issue.commentIds.map((id) => env.state.comments.get(id) as IssueComment).filter((c) => since === null || c.updatedAt >= since);
    const { page, headers } = paginate(req, comments);
    return json(200, page.map((c) => commentShape(repo, c, env.ctx)), headers);
  },

  "issues/get-comment": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readIssues);
    if (!isRepository(repo)) return repo;
    const comment = commentIn(env, repo, req.params.comment_id);
    return comment ? json(200, commentShape(repo, comment, env.ctx)) : notFound();
  },

  "issues/create-comment": async (req, env) => {
    const repo = repoFor(req, env, NEEDS.writeIssues);
    if (!isRepository(repo)) return repo;
    const issue = repo.issues.get(Number(req.params.issue_number));
    if (!issue) return notFound();
    const { body } = req.body as { body: string };
    if (body.length > MAX_BODY) return validationFailed("Validation Failed", [{ resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${MAX_BODY} characters)` }]);
    const author = accountOf(env.state, req.actor) as Account;
    const comment = addComment(env, repo, issue.number, author, body, req.actor.kind === "installation" ? req.actor.appId : null);
    await emitCommentEvent(env, repo, comment, "created", author, { wait: false });
    return json(201, commentShape(repo, comment, env.ctx));
  },

  "issues/update-comment": async (req, env) => {
    const repo = repoFor(req, env, NEEDS.writeIssues);
    if (!isRepository(repo)) return repo;
    const comment = commentIn(env, repo, req.params.comment_id);
    if (!comment) return notFound();
    const editor = accountOf(env.state, req.actor) as Account;
    if (req.actor.kind === "user" && comment.author.toLowerCase() !== editor.login.toLowerCase() && !roleAtLeast(roleOf(env.state, repo, editor.login), "triage")) {
      return error(403, "Resource not accessible by personal access token");
    }
    const { body } = req.body as { body: string };
    if (body.length > MAX_BODY) return validationFailed("Validation Failed", [{ resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${MAX_BODY} characters)` }]);
    if (body !== comment.body) {
      const from = comment.body;
      comment.body = body;
      comment.updatedAt = env.clock.iso();
      await emitCommentEvent(env, repo, comment, "edited", editor, { wait: false }, { changes: { body: { from } } });
    }
    return json(200, commentShape(repo, comment, env.ctx));
  },

  "reactions/create-for-issue-comment": (req, env) => {
    const repo = repoFor(req, env, NEEDS.writeIssues);
    if (!isRepository(repo)) return repo;
    const comment = commentIn(env, repo, req.params.comment_id);
    if (!comment) return notFound();
    const { content } = req.body as { content: string };
    const user = (accountOf(env.state, req.actor) as Account).login;
    const existing = comment.reactions.find((r) => r.user === user && r.content === content);
    if (existing) return json(200, reactionShape(existing, env.ctx));
    const reaction = { id: env.state.nextId("reaction"), content, user, createdAt: env.clock.iso() };
    comment.reactions.push(reaction);
    return json(201, reactionShape(reaction, env.ctx));
  },

  "reactions/list-for-issue-comment": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readIssues);
    if (!isRepository(repo)) return repo;
    const comment = commentIn(env, repo, req.params.comment_id);
    if (!comment) return notFound();
    const content = req.query.get("content");
    const { page, headers } = paginate(req, comment.reactions.filter((r) => content === null || r.content === content));
    return json(200, page.map((r) => reactionShape(r, env.ctx)), headers);
  },
};

function commentIn(env: Env, repo: Repository, id: string | undefined): IssueComment | undefined {
  const comment = env.state.comments.get(Number(id));
  return comment && comment.repo === repo.fullName ? comment : undefined;
}

/** Stores a new comment on an issue or pull request; shared with the people API. */
export function addComment(env: Env, repo: Repository, issueNumber: number, author: Account, body: string, viaApp: number | null): IssueComment {
  const now = env.clock.iso();
  const comment: IssueComment = { id: env.state.nextId("comment"), repo: repo.fullName, issueNumber, body, author: author.login, createdAt: now, updatedAt: now, viaApp, reactions: [] };
  env.state.comments.set(comment.id, comment);
  const issue = repo.issues.get(issueNumber);
  if (issue) {
    issue.commentIds.push(comment.id);
    issue.updatedAt = now;
  }
  return comment;
}
