// The emulator's in-memory world: accounts, teams, apps and their installations, repositories
// with git history, issues, comments, pull requests and check runs. Plain data; the routes and
// the people API change it, the shapes module renders it the way GitHub's JSON looks.

export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read";
export type PermissionLevel = "read" | "write";
export type Permissions = Record<string, PermissionLevel>;

export interface Account {
  id: number;
  login: string;
  type: "User" | "Organization" | "Bot";
  name: string | null;
  email: string | null;
  createdAt: string;
}

export interface TeamMembership {
  state: "active" | "pending";
  role: "member" | "maintainer";
}

export interface Team {
  id: number;
  org: string;
  slug: string;
  name: string;
  members: Map<string, TeamMembership>;
}

export interface App {
  id: number;
  slug: string;
  name: string;
  ownerLogin: string;
  webhookSecret: string;
  privateKeyPem: string;
  publicKeyPem: string;
  webhookUrl: string | null;
  /** The `<slug>[bot]` account its installations write as. */
  bot: Account;
  createdAt: string;
  /** As registered from a manifest; apps made by the tests get stagegate's own set. */
  permissions?: Permissions;
  events?: string[];
  description?: string;
  clientSecret?: string;
}

/** A manifest a person confirmed on GitHub's "Create GitHub App" page, waiting for its code's exchange. */
export interface PendingManifest {
  manifest: Record<string, unknown>;
  owner: string;
  /** Epoch ms (real clock): codes expire after an hour. */
  expiresAt: number;
}

export interface Installation {
  id: number;
  appId: number;
  account: string;
  /** null: every repository of the account. */
  repositories: string[] | null;
  permissions: Permissions;
  createdAt: string;
}

/** Who is making an API request. */
export type Actor =
  | { kind: "user"; login: string }
  | { kind: "app"; appId: number }
  | { kind: "installation"; installationId: number; appId: number }
  | { kind: "actions"; repo: string; permissions: Permissions }
  /** No credentials: only the few operations GitHub serves to anyone (a manifest's conversion). */
  | { kind: "anonymous" };

export interface CommitPerson {
  name: string;
  email: string;
  date: string;
  login: string | null;
}

export interface Commit {
  sha: string;
  treeSha: string;
  /** path → blob sha; the whole snapshot, as git stores it. */
  tree: Map<string, string>;
  parents: string[];
  message: string;
  author: CommitPerson;
  committer: CommitPerson;
  /**
   * Signed by GitHub itself: commits made through the API or the web editor are committed by
   * `web-flow` and verified; a `git push` of an unsigned commit is not.
   */
  verified: boolean;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  author: string;
  /** Label names, as attached. */
  labels: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  commentIds: number[];
  /** App id when an installation created it (GitHub's `performed_via_github_app`). */
  viaApp: number | null;
  isPullRequest: boolean;
}

export interface Reaction {
  id: number;
  content: string;
  user: string;
  createdAt: string;
}

export interface IssueComment {
  id: number;
  repo: string;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  viaApp: number | null;
  reactions: Reaction[];
}

export interface PullRequest {
  id: number;
  number: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** The base branch's commit the head branch started from (the merge base). */
  mergeBase: string;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  /** Commits the head branch added, oldest first. */
  commits: string[];
}

export interface CheckAnnotationData {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: string;
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRun {
  id: number;
  repo: string;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: string;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: CheckAnnotationData[];
  appId: number;
}

export interface Repository {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  defaultBranch: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  /** branch name → head commit sha */
  branches: Map<string, string>;
  commits: Map<string, Commit>;
  roles: Map<string, RepoRole>;
  labels: Map<string, Label>;
  issues: Map<number, Issue>;
  pulls: Map<number, PullRequest>;
  nextNumber: number;
}

let emulatorsInProcess = 0;

export class EmulatorState {
  readonly accounts = new Map<string, Account>();
  readonly teams = new Map<string, Team>();
  readonly apps = new Map<number, App>();
  /** Manifest codes by code (see `RunningEmulator.submitManifest`). */
  readonly manifestCodes = new Map<string, PendingManifest>();
  readonly installations = new Map<number, Installation>();
  readonly repos = new Map<string, Repository>();
  readonly blobs = new Map<string, Buffer>();
  readonly comments = new Map<number, IssueComment>();
  readonly checkRuns = new Map<number, CheckRun>();
  /** token → actor */
  readonly tokens = new Map<string, Actor>();
  private ids = new Map<string, number>();
  /**
   * Apps and installations are numbered apart in every emulator of a process: Octokit's app
   * authentication shares in-flight token requests process-wide, keyed by installation id, so
   * two emulators handing out the same id would have their Apps swap tokens.
   */
  private readonly instance = emulatorsInProcess++;

  /** Ids grow per kind from a realistic-looking base, so numbers never collide across kinds. */
  nextId(kind: string): number {
    const bases: Record<string, number> = { account: 1_000_100, repo: 500_000_100, issue: 2_000_000_100, comment: 3_000_000_100, check: 4_000_000_100, label: 6_000_100, reaction: 7_000_100, team: 8_100, installation: 9_100 + 1_000 * this.instance, pull: 1_500_000_100, app: 100_100 + 1_000 * this.instance };
    const next = (this.ids.get(kind) ?? bases[kind] ?? 1) + 1;
    this.ids.set(kind, next);
    return next;
  }

  repo(fullName: string): Repository | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  account(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  team(org: string, slug: string): Team | undefined {
    return this.teams.get(`${org}/${slug}`.toLowerCase());
  }

  /** The installation of an app that covers a repository, if any. */
  installationFor(repo: Repository, appId?: number): Installation | undefined {
    for (const inst of this.installations.values()) {
      if (appId !== undefined && inst.appId !== appId) continue;
      if (inst.account.toLowerCase() !== repo.owner.toLowerCase()) continue;
      if (inst.repositories === null || inst.repositories.some((r) => r.toLowerCase() === repo.name.toLowerCase())) return inst;
    }
    return undefined;
  }
}
