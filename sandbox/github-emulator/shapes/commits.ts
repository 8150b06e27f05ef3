// Commits as the git data API (`git-commit`) and the commits API (`commit`) render them.

import type { Commit, Repository } from "../state.js";
import { nodeId, userByLogin, type RenderContext } from "./common.js";

export function gitCommitShape(repo: Repository, commit: Commit, ctx: RenderContext): Record<string, unknown> {
  const api = `${ctx.urls.api}/repos/${repo.fullName}`;
  const person = (p: Commit["author"]) => ({ name: p.name, email: p.email, date: p.date });
  return {
    sha: commit.sha,
    node_id: nodeId("C", commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${ctx.urls.web}/${repo.fullName}/commit/${commit.sha}`,
    author: person(commit.author),
    committer: person(commit.committer),
    tree: { sha: commit.treeSha, url: `${api}/git/trees/${commit.treeSha}` },
    message: commit.message,
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/git/commits/${sha}`, html_url: `${ctx.urls.web}/${repo.fullName}/commit/${sha}` })),
    verification: commit.verified
      ? { verified: true, reason: "valid", signature: `-----BEGIN PGP SIGNATURE-----\n\n${commit.sha}\n-----END PGP SIGNATURE-----\n`, payload: `tree ${commit.treeSha}\n`, verified_at: commit.committer.date }
      : { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function commitShape(repo: Repository, commit: Commit, ctx: RenderContext): Record<string, unknown> {
  const api = `${ctx.urls.api}/repos/${repo.fullName}`;
  const git = gitCommitShape(repo, commit, ctx);
  return {
    url: `${api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: git.node_id,
    html_url: git.html_url,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: git.url,
      author: git.author,
      committer: git.committer,
      message: commit.message,
      tree: git.tree,
      comment_count: 0,
      verification: git.verification,
    },
    author: commit.author.login ? userByLogin(commit.author.login, ctx) : null,
    committer: commit.committer.login ? userByLogin(commit.committer.login, ctx) : null,
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/commits/${sha}`, html_url: `${ctx.urls.web}/${repo.fullName}/commit/${sha}` })),
  };
}
