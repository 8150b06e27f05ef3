// Just enough git: content-addressed blobs (same sha as `git hash-object`), snapshot commits,
// branches that advance, and ref resolution. Shas are real SHA-1s of git-shaped objects, so a
// blob sha seen here is the one GitHub would report for the same bytes.

import { createHash } from "node:crypto";
import type { Account, Commit, CommitPerson, EmulatorState, Repository } from "./state.js";

function blobSha(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

function storeBlob(state: EmulatorState, content: Buffer): string {
  const sha = blobSha(content);
  state.blobs.set(sha, content);
  return sha;
}

export interface CommitInput {
  branch: string;
  /** path → new content, or null to delete the file. */
  changes: Map<string, Buffer | null>;
  message: string;
  author: Account;
  date: string;
  /** Defaults to the branch head; a merge passes both parents. */
  parents?: string[];
  /** Tree to start from; defaults to the first parent's. */
  baseTree?: Map<string, string>;
  /**
   * GitHub commits API and web edits itself: committer `web-flow`, signed and verified. A
   * `git push` (the default) has the author as committer and no signature.
   */
  committer?: Account;
}

function personOf(account: Account, date: string): CommitPerson {
  const bot = account.type === "Bot";
  return {
    name: bot ? account.login : (account.name ?? account.login),
    email: account.email ?? `${account.id}+${account.login}@users.noreply.github.com`,
    date,
    login: account.login,
  };
}

/** Makes a commit on a branch (creating the branch when new) and advances it. */
export function commitToBranch(state: EmulatorState, repo: Repository, input: CommitInput): Commit {
  const head = repo.branches.get(input.branch);
  const parents = input.parents ?? (head ? [head] : []);
  const first = parents[0] ? repo.commits.get(parents[0]) : undefined;
  const tree = new Map(input.baseTree ?? first?.tree ?? []);
  for (const [path, content] of input.changes) {
    if (content === null) tree.delete(path);
    else tree.set(path, storeBlob(state, content));
  }
  const person = personOf(input.author, input.date);
  const treeSha = hashTree(tree);
  const sha = createHash("sha1")
    .update(`commit\0tree ${treeSha}\n${parents.map((p) => `parent ${p}\n`).join("")}author ${person.email} ${input.date}\n\n${input.message}`)
    .digest("hex");
  const committer = input.committer === undefined ? person : personOf(input.committer, input.date);
  const commit: Commit = { sha, treeSha, tree, parents, message: input.message, author: person, committer, verified: input.committer !== undefined };
  repo.commits.set(sha, commit);
  repo.branches.set(input.branch, sha);
  repo.pushedAt = input.date;
  repo.updatedAt = input.date;
  return commit;
}

function hashTree(tree: Map<string, string>): string {
  const hash = createHash("sha1").update("tree\0");
  for (const path of [...tree.keys()].sort()) hash.update(`${path}\0${tree.get(path)}\n`);
  return hash.digest("hex");
}

/** Resolves a branch name, `heads/<b>`, `refs/heads/<b>` or a (possibly short) commit sha. */
export function resolveRef(repo: Repository, ref: string | undefined): Commit | undefined {
  const name = (ref ?? repo.defaultBranch).replace(/^refs\//, "").replace(/^heads\//, "");
  const branchHead = repo.branches.get(name);
  if (branchHead) return repo.commits.get(branchHead);
  if (/^[0-9a-f]{7,40}$/i.test(name)) {
    const exact = repo.commits.get(name.toLowerCase());
    if (exact) return exact;
    for (const [sha, commit] of repo.commits) if (sha.startsWith(name.toLowerCase())) return commit;
  }
  return undefined;
}

export type PathEntry = { type: "file"; path: string; sha: string } | { type: "dir"; path: string; entries: Array<{ type: "file" | "dir"; path: string; sha: string }> };

/** A file, or the entries directly inside a folder, at a commit. */
export function readPath(commit: Commit, path: string): PathEntry | undefined {
  const clean = path.replace(/^\/+|\/+$/g, "");
  const fileSha = commit.tree.get(clean);
  if (fileSha) return { type: "file", path: clean, sha: fileSha };
  const prefix = clean === "" ? "" : `${clean}/`;
  const entries = new Map<string, { type: "file" | "dir"; path: string; sha: string }>();
  for (const [p, sha] of commit.tree) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash === -1) entries.set(rest, { type: "file", path: p, sha });
    else {
      const dir = prefix + rest.slice(0, slash);
      if (!entries.has(rest.slice(0, slash))) entries.set(rest.slice(0, slash), { type: "dir", path: dir, sha: createHash("sha1").update(`dir\0${commit.treeSha}\0${dir}`).digest("hex") });
    }
  }
  if (entries.size === 0) return undefined;
  return { type: "dir", path: clean, entries: [...entries.values()].sort((a, b) => a.path.localeCompare(b.path)) };
}

export interface FileChange {
  filename: string;
  status: "added" | "modified" | "removed";
  sha: string;
  additions: number;
  deletions: number;
  changes: number;
}

/** Files that differ between two commits, as the pull request files API lists them. */
export function diffCommits(state: EmulatorState, from: Commit | undefined, to: Commit): FileChange[] {
  const before = from?.tree ?? new Map<string, string>();
  const changes: FileChange[] = [];
  const lines = (sha: string | undefined) => (sha ? (state.blobs.get(sha)?.toString("utf8").split("\n").length ?? 0) : 0);
  for (const [path, sha] of to.tree) {
    const old = before.get(path);
    if (old === sha) continue;
    const additions = lines(sha);
    const deletions = lines(old);
    changes.push({ filename: path, status: old ? "modified" : "added", sha, additions, deletions, changes: additions + deletions });
  }
  for (const [path, sha] of before) {
    if (to.tree.has(path)) continue;
    const deletions = lines(sha);
    changes.push({ filename: path, status: "removed", sha, additions: 0, deletions, changes: deletions });
  }
  return changes.sort((a, b) => a.filename.localeCompare(b.filename));
}
