// Files as a given commit has them. A commit never changes, so the text of a path at a commit sha,
// once known, is known for good: nothing kept here can go stale, and nothing is answered that
// GitHub would answer differently. The port fills it with what it commits (the contents API answers
// a write with the new commit's sha and blob sha) and with what it reads at a commit sha, so that
// the App's next event reading its own last write back, as every tick on a running rollout does,
// needs no request for it.
//
// What it is not: a record of what the App last wrote. Whether the file on the branch is still
// that write is GitHub's to say, every time: the caller asks for the last commit that changed the
// file (which the hand-edit check needs anyway) and reads the file at that commit. A commit the
// App did not make here (another replica's, the Action's, a person's) is simply not found, and is
// read from GitHub as before: a miss costs the one request, never a wrong answer.
import type { FileAtRef, RepoRef } from "./github-port.js";
import { SizedCache } from "./sized-cache.js";

/** What the port needs of it (port/octokit-github-port.ts). */
export interface FilesAtCommits {
  get(repo: RepoRef, commit: string, path: string): FileAtRef | undefined;
  set(repo: RepoRef, commit: string, path: string, file: FileAtRef): void;
}

const key = (repo: RepoRef, commit: string, path: string) => `${repo.owner}/${repo.repo}@${commit}:${path}`;

/** Least recently used out first once `maxBytes` of text (counted in UTF-16 code units) is held. */
export class CommittedFiles implements FilesAtCommits {
  readonly #cache: SizedCache<{ file: FileAtRef; bytes: number }>;

  constructor(maxBytes = 4 * 1024 * 1024) {
    this.#cache = new SizedCache(maxBytes);
  }

  get(repo: RepoRef, commit: string, path: string): FileAtRef | undefined {
    const entry = this.#cache.get(key(repo, commit, path));
    return entry === undefined ? undefined : { ...entry.file };
  }

  set(repo: RepoRef, commit: string, path: string, file: FileAtRef): void {
    const k = key(repo, commit, path);
    this.#cache.set(k, { file: { content: file.content, sha: file.sha }, bytes: k.length + file.content.length + file.sha.length });
  }
}
