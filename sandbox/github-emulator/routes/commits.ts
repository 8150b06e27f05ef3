// Listing commits (`GET /repos/{owner}/{repo}/commits`) as `git log` walks them, which is what
// GitHub answers: newest committer date first, a parent never before its child, and with `path`
// git's default history simplification. A merge whose content at the path equals one parent's
// is not listed and only that parent is followed, so a pull request merged with a merge commit
// shows up as the branch commit that changed the file, the commit the pull request holds.

import { resolveRef } from "../git.js";
import { error, json } from "../replies.js";
import { commitShape } from "../shapes/commits.js";
import type { Commit, CommitPerson, Repository } from "../state.js";
import { isRepository, NEEDS, paginate, repoFor } from "./helpers.js";
import type { HandlerTable } from "./types.js";

/** The path's blob, or the blobs under it when it is a folder, as one comparable string. */
function contentAt(commit: Commit | undefined, path: string): string {
  if (commit === undefined) return "";
  const file = commit.tree.get(path);
  if (file !== undefined) return file;
  const prefix = `${path}/`;
  const inside: string[] = [];
  for (const [p, sha] of commit.tree) if (p.startsWith(prefix)) inside.push(`${p}\0${sha}`);
  return inside.sort().join("\n");
}

/** `git log [-- path]` from `head`: the commits to list, in the order git lists them. */
export function logFrom(repo: Repository, head: Commit, path: string | null): Commit[] {
  const listed: Commit[] = [];
  const seen = new Set<string>([head.sha]);
  // Newest committer date first; equal dates keep the order they were queued in, as git does.
  const queue: Commit[] = [head];
  const enqueue = (sha: string) => {
    const commit = repo.commits.get(sha);
    if (commit === undefined || seen.has(sha)) return;
    seen.add(sha);
    const date = Date.parse(commit.committer.date);
    const at = queue.findIndex((c) => Date.parse(c.committer.date) < date);
    queue.splice(at === -1 ? queue.length : at, 0, commit);
  };
  while (queue.length > 0) {
    const commit = queue.shift() as Commit;
    if (path === null) {
      listed.push(commit);
      commit.parents.forEach(enqueue);
      continue;
    }
    const here = contentAt(commit, path);
    const parents = commit.parents.map((sha) => repo.commits.get(sha));
    if (parents.length === 0) {
      if (here !== "") listed.push(commit);
      continue;
    }
    const same = parents.find((p) => p !== undefined && contentAt(p, path) === here);
    if (same !== undefined) {
      // Unchanged relative to a parent: history of the path continues through that parent alone.
      enqueue(same.sha);
      continue;
    }
    listed.push(commit);
    commit.parents.forEach(enqueue);
  }
  return listed;
}

const matchesPerson = (person: CommitPerson, who: string) => person.login?.toLowerCase() === who.toLowerCase() || person.email.toLowerCase() === who.toLowerCase();

export const commitRoutes: HandlerTable = {
  "repos/list-commits": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readContents);
    if (!isRepository(repo)) return repo;
    if (repo.branches.size === 0) return error(409, "Git Repository is empty.");
    const sha = req.query.get("sha");
    const head = resolveRef(repo, sha ?? undefined);
    if (head === undefined) return error(404, `No commit found for SHA: ${sha ?? repo.defaultBranch}`);
    const rawPath = req.query.get("path");
    const path = rawPath === null ? null : rawPath.replace(/^\/+|\/+$/g, "");
    const author = req.query.get("author");
    const committer = req.query.get("committer");
    const since = req.query.get("since");
    const until = req.query.get("until");
    // git log --since/--until compare the committer date, both bounds inclusive.
    const commits = logFrom(repo, head, path === "" ? null : path)
      .filter((c) => author === null || matchesPerson(c.author, author))
      .filter((c) => committer === null || matchesPerson(c.committer, committer))
      .filter((c) => since === null || Date.parse(c.committer.date) >= Date.parse(since))
      .filter((c) => until === null || Date.parse(c.committer.date) <= Date.parse(until));
    const { page, headers } = paginate(req, commits);
    return json(200, page.map((c) => commitShape(repo, c, env.ctx)), headers);
  },
};
