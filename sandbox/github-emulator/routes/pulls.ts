// Pull requests: get, list, the files they change, and the pull requests a commit belongs to.

import { diffCommits } from "../git.js";
import { json, notFound } from "../replies.js";
import { pullRequestShape, pullRequestSimpleShape } from "../shapes/pulls.js";
import type { Issue, PullRequest, Repository } from "../state.js";
import { isRepository, NEEDS, paginate, repoFor } from "./helpers.js";
import type { HandlerTable } from "./types.js";

const issueOf = (repo: Repository, pull: PullRequest) => repo.issues.get(pull.number) as Issue;

export const pullRoutes: HandlerTable = {
  "pulls/get": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readPulls);
    if (!isRepository(repo)) return repo;
    const pull = repo.pulls.get(Number(req.params.pull_number));
    return pull ? json(200, pullRequestShape(repo, issueOf(repo, pull), pull, env.ctx)) : notFound();
  },

  "pulls/list": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readPulls);
    if (!isRepository(repo)) return repo;
    const state = req.query.get("state") ?? "open";
    const head = req.query.get("head");
    const base = req.query.get("base");
    const pulls = [...repo.pulls.values()]
      .filter((p) => state === "all" || issueOf(repo, p).state === state)
      .filter((p) => head === null || `${repo.owner}:${p.headRef}` === head)
      .filter((p) => base === null || p.baseRef === base)
      .sort((a, b) => b.number - a.number);
    const { page, headers } = paginate(req, pulls);
    return json(200, page.map((p) => pullRequestSimpleShape(repo, issueOf(repo, p), p, env.ctx)), headers);
  },

  "pulls/list-files": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readPulls);
    if (!isRepository(repo)) return repo;
    const pull = repo.pulls.get(Number(req.params.pull_number));
    if (!pull) return notFound();
    const head = repo.commits.get(pull.headSha);
    const files = head ? diffCommits(env.state, repo.commits.get(pull.mergeBase), head) : [];
    const api = `${env.ctx.urls.api}/repos/${repo.fullName}`;
    const { page, headers } = paginate(
      req,
      files.map((f) => ({
        ...f,
        blob_url: `${env.ctx.urls.web}/${repo.fullName}/blob/${pull.headSha}/${f.filename}`,
        raw_url: `${env.ctx.urls.web}/${repo.fullName}/raw/${pull.headSha}/${f.filename}`,
        contents_url: `${api}/contents/${f.filename}?ref=${pull.headSha}`,
      })),
    );
    return json(200, page, headers);
  },

  "repos/list-pull-requests-associated-with-commit": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readPulls);
    if (!isRepository(repo)) return repo;
    const sha = (req.params.commit_sha ?? "").toLowerCase();
    const pulls = [...repo.pulls.values()].filter((p) => p.headSha.startsWith(sha) || p.mergeCommitSha?.startsWith(sha) || p.commits.some((c) => c.startsWith(sha)));
    const { page, headers } = paginate(req, pulls.sort((a, b) => b.number - a.number));
    return json(200, page.map((p) => pullRequestSimpleShape(repo, issueOf(repo, p), p, env.ctx)), headers);
  },
};
