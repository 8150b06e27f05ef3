// The one small door to GitHub. The App and the Action both talk to GitHub only through this
// interface, and one Octokit implementation (octokit-github-port.ts) serves both. Keeping it
// small keeps the emulator honest and the API-call budget visible.
import type { RepoPermission } from "../core/permissions.js";

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface FileAtRef {
  /** Decoded UTF-8 text. */
  content: string;
  /** Blob sha: pass it back to commitFile as the compare-and-swap token. */
  sha: string;
}

/** A commit as the commits API lists it, reduced to what tells who made it. */
export interface PathCommit {
  sha: string;
  /** The GitHub account the author is linked to; null when the author's email is no account's. */
  authorLogin: string | null;
  committerLogin: string | null;
  message: string;
  /** GitHub verified the signature (API and web-editor commits are signed by `web-flow`). */
  verified: boolean;
}

export type CommitResult =
  | { ok: true; commitSha: string; fileSha: string }
  /** The file changed under us (409/422 stale or missing sha): re-read, re-decide, retry. */
  | { ok: false; conflict: true };

export interface IssueData {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  htmlUrl: string;
}

export interface CheckRunData {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  externalId: string | null;
  /** Id of the GitHub App that created the run. */
  appId: number | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
}

export interface CheckRunInput {
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion?: "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required";
  externalId?: string;
  detailsUrl?: string;
  title: string;
  summary: string;
  text?: string;
  /** Sent 50 per request, as GitHub requires; the port splits longer lists into updates. */
  annotations?: CheckAnnotation[];
}

/** Defined with the rules that read it (core/permissions.ts). */
export type Permission = RepoPermission;

export interface PullRequestData {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  headSha: string;
  headRef: string;
  baseRef: string;
  author: string;
}

/** The last commit on a branch that changed a path. */
/** What one batched read asks for (see readBatch). */
export interface BatchReadRequest {
  /** Branch, tag or commit every path is read at. */
  ref: string;
  files?: string[];
  /** Folders whose files are read with their text, with those of their sub-folders. */
  folders?: string[];
  /** Paths whose last commit on `ref` is wanted. */
  lastCommits?: string[];
  issues?: number[];
  /** Issues carrying `label` whose body holds `text`, one search each. */
  issueSearches?: Array<{ label: string; text: string }>;
}

export interface BatchRead {
  /** Every file asked for or found in a folder; null when it does not exist (or is binary). */
  files: Map<string, FileAtRef | null>;
  /** Folder → paths of the files in it and its sub-folders (empty when it does not exist). */
  folders: Map<string, string[]>;
  lastCommits: Map<string, PathCommit | null>;
  issues: Map<number, IssueData | null>;
  /** Search text → issues found (the caller checks what it finds: search matches loosely). */
  searches: Map<string, IssueData[]>;
  /** Files too large to come back in a batch (over GitHub's limit for a blob's text): read them with readFile. */
  truncated: string[];
}

export type Reaction = "eyes" | "rocket" | "confused" | "+1" | "-1" | "laugh" | "hooray" | "heart";

export interface GitHubPort {
  readonly repo: RepoRef;
  defaultBranch(): Promise<string>;
  /**
   * null when the file does not exist at that ref. At a full commit sha the answer never changes,
   * so the port may give it from what it already knows (a file it committed itself) without asking.
   */
  readFile(path: string, ref?: string): Promise<FileAtRef | null>;
  /**
   * Many reads in one request (one GraphQL query): files, folders with their files' text, the last
   * commit of paths, issues by number or by search. What a run that reads every rollout uses, so
   * that its cost does not grow with the number of rollouts.
   */
  readBatch(request: BatchReadRequest): Promise<BatchRead>;
  /** Names of files directly inside a folder (empty when it does not exist). */
  listFiles(dir: string, ref?: string): Promise<Array<{ path: string; sha: string }>>;
  /**
   * The newest commit on `ref` that changed `path` (added, modified or removed it), as
   * `git log -1 -- <path>` finds it; null when none did. A pull request merged with a merge
   * commit answers with its own commit, which the pull request holds. Who made it and whether
   * GitHub verified it tell stagegate's own commits from hand edits (core/state/hand-edit.ts).
   */
  lastCommitTouching(path: string, ref: string): Promise<PathCommit | null>;
  /** Creates or updates one file with the file's last known sha (null: must not exist yet). */
  commitFile(input: { path: string; content: string; message: string; expectedSha: string | null; branch: string }): Promise<CommitResult>;

  getIssue(number: number): Promise<IssueData | null>;
  /** Open and closed issues carrying the label, newest first. */
  listIssuesWithLabel(label: string): Promise<IssueData[]>;
  createIssue(input: { title: string; body: string; labels: string[] }): Promise<IssueData>;
  updateIssue(number: number, patch: { title?: string; body?: string; state?: "open" | "closed" }): Promise<IssueData>;
  createComment(issue: number, body: string): Promise<{ id: number }>;
  /** Comments on an issue, oldest first: tells whether a retried command was already answered. */
  listComments(issue: number): Promise<Array<{ id: number; user: string; body: string }>>;
  addReaction(commentId: number, reaction: Reaction): Promise<void>;
  /** Reactions on an issue comment: tells whether a command was already answered (redeliveries). */
  listReactions(commentId: number): Promise<Array<{ content: Reaction; user: string }>>;

  listCheckRuns(ref: string): Promise<CheckRunData[]>;
  createCheckRun(input: CheckRunInput): Promise<CheckRunData>;
  updateCheckRun(id: number, input: Partial<CheckRunInput>): Promise<CheckRunData>;

  getPullRequest(number: number): Promise<PullRequestData | null>;
  listPullRequestFiles(number: number): Promise<Array<{ path: string; status: string }>>;
  /** Pull requests that a commit belongs to (to find the merged plan PR from a push). */
  listPullRequestsForCommit(sha: string): Promise<PullRequestData[]>;

  permission(login: string): Promise<{ permission: Permission; roleName: string }>;
  /** Active membership only: pending invitations and non-members are false. */
  isActiveTeamMember(org: string, teamSlug: string, login: string): Promise<boolean>;
  /**
   * A team's active members (pending invitations are not members), or the status GitHub
   * refused the read with: 403 for a token without the organization's `members: read`, 404 for
   * a team the token cannot see (which is also what a workflow's GITHUB_TOKEN is answered).
   */
  listTeamMembers(org: string, teamSlug: string): Promise<TeamRoster>;
}

export type TeamRoster = { readable: true; logins: string[] } | { readable: false; status: 403 | 404 };
