// Whether the committed state file is stagegate's own writing. Approvals and stages count only
// as stagegate recorded them: anyone with push access can change the file, and a changed file is
// otherwise indistinguishable from a decision. The last commit that touched the file tells.
//
// stagegate writes only through GitHub's contents API, which GitHub commits and signs itself
// (committer `web-flow`, verified), authored by a bot account: the App's `<slug>[bot]`,
// `github-actions[bot]` for the Action's default token, or the bot of whichever App a workflow
// hands the Action a token of. A person's change is either a `git push` (not committed by
// web-flow) or an edit in the web editor (web-flow, but authored by the person's login). Which
// App's bot is not checked: the Action cannot learn the App's slug from an installation token,
// and any App installed with `contents: write` can already write the branch (docs/security.md).

/** The last commit that changed a state file, as the GitHub port reports it. */
export interface StateCommit {
  sha: string;
  authorLogin: string | null;
  committerLogin: string | null;
  message: string;
  verified: boolean;
}

/** The account GitHub commits and signs as when it writes a commit itself. */
const GITHUB_COMMITTER = "web-flow";

/** A state file whose last change stagegate did not make: the rollout holds until a person decides. */
export interface HandEdit {
  commit: string;
  /** The login that authored the change, or null when GitHub links it to no account. */
  author: string | null;
  /** The commit message's first line. */
  message: string;
}

export type StateTrust = { kind: "trusted" } | { kind: "no-commit" } | ({ kind: "hand-edit" } & HandEdit);

function isBotLogin(login: string): boolean {
  return /\[bot\]$/i.test(login);
}

export function judgeStateCommit(commit: StateCommit | null): StateTrust {
  if (commit === null) return { kind: "no-commit" };
  const byStagegate = commit.verified && commit.committerLogin?.toLowerCase() === GITHUB_COMMITTER && commit.authorLogin !== null && isBotLogin(commit.authorLogin);
  if (byStagegate) return { kind: "trusted" };
  return { kind: "hand-edit", commit: commit.sha, author: commit.authorLogin, message: commit.message.split("\n")[0] ?? "" };
}

/** The hand edit to hold a rollout for, or null. */
export function handEditOf(commit: StateCommit | null): HandEdit | null {
  const trust = judgeStateCommit(commit);
  return trust.kind === "hand-edit" ? { commit: trust.commit, author: trust.author, message: trust.message } : null;
}
