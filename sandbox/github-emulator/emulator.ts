// startEmulator: a GitHub for tests and the sandbox. One HTTP server on 127.0.0.1, in-memory
// state, a controllable clock, and a setup API to create the people, teams, repositories and
// installations a scenario needs.

import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { ACTIONS_BOT_LOGIN, WEB_FLOW_LOGIN } from "./access.js";
import { createApp, manifestProblems } from "./apps.js";
import { newToken } from "./auth.js";
import { createClock, type Clock } from "./clock.js";
import { Faults } from "./faults.js";
import { commitToBranch, readPath, resolveRef } from "./git.js";
import { loadGitHubDescription, type GitHubDescription } from "./openapi.js";
import { Person } from "./people.js";
import { RateLimits } from "./rate-limits.js";
import { RequestLog } from "./request-log.js";
import { allRoutes } from "./routes/index.js";
import type { Env } from "./routes/types.js";
import { createApiServer } from "./server.js";
import type { RenderContext } from "./shapes/common.js";
import { EmulatorState, type Account, type App, type Commit, type Installation, type Permissions, type RepoRole, type Repository, type Team, type TeamMembership } from "./state.js";
import { Webhooks } from "./webhooks.js";

export interface EmulatorOptions {
  /** Starting time of the emulator clock (default: 2026-11-30T14:00:00Z). */
  now?: Date | string;
  /** Where the primary app's webhooks go; can be set later with `setWebhookUrl`. */
  webhookUrl?: string;
  app?: { slug?: string; name?: string; webhookSecret?: string; owner?: string };
  /** Validate every JSON answer against GitHub's response schemas (slower; for conformance runs). */
  checkResponses?: boolean;
  /** Check every webhook delivery against GitHub's webhook schemas (see `webhooks.nonConforming()`). */
  checkWebhooks?: boolean;
  /** Base of html_url fields (default https://github.com). */
  webUrl?: string;
}

export interface AppCredentials {
  id: number;
  slug: string;
  name: string;
  webhookSecret: string;
  /** PKCS#1 PEM, as GitHub hands it out: give it to Probot as `privateKey`. */
  privateKey: string;
  /** `<slug>[bot]`: the login the app's writes appear under. */
  botLogin: string;
}

export const DEFAULT_PERMISSIONS: Permissions = { metadata: "read", contents: "write", issues: "write", pull_requests: "write", checks: "write", members: "read" };
// A workflow's GITHUB_TOKEN: repository scopes only, never organization members.
export const ACTIONS_PERMISSIONS: Permissions = { metadata: "read", contents: "write", issues: "write", pull_requests: "write", checks: "write", actions: "write", statuses: "write" };

export class Emulator {
  readonly state = new EmulatorState();
  readonly requests = new RequestLog();
  readonly faults = new Faults();
  readonly clock: Clock;
  /** Per-token concurrency and hourly budgets, as GitHub enforces them. */
  readonly limits: RateLimits;
  readonly webhooks: Webhooks;
  readonly env: Env;
  readonly app: AppCredentials;
  baseUrl = "";
  private readonly ctx: RenderContext;

  constructor(
    readonly description: GitHubDescription,
    private readonly options: EmulatorOptions,
  ) {
    this.clock = createClock(options.now ?? "2026-11-30T14:00:00Z");
    this.limits = new RateLimits(this.clock);
    this.ctx = { state: this.state, urls: { api: "", web: options.webUrl ?? "https://github.com" } };
    this.webhooks = new Webhooks(this.state, this.clock, () => this.ctx, options.checkWebhooks ?? false);
    this.env = { state: this.state, ctx: this.ctx, clock: this.clock, webhooks: this.webhooks };
    this.putAccount({ id: 41898282, login: ACTIONS_BOT_LOGIN, type: "Bot", name: null, email: "41898282+github-actions[bot]@users.noreply.github.com", createdAt: "2019-03-04T00:00:00Z" });
    this.putAccount({ id: 19864447, login: WEB_FLOW_LOGIN, type: "User", name: "GitHub", email: "noreply@github.com", createdAt: "2016-05-20T00:00:00Z" });
    const app = this.addApp({ slug: options.app?.slug ?? "stagegate", name: options.app?.name ?? "stagegate", webhookSecret: options.app?.webhookSecret, owner: options.app?.owner, webhookUrl: options.webhookUrl });
    this.app = this.credentials(app);
  }

  /** @internal */
  listening(baseUrl: string): void {
    this.baseUrl = baseUrl;
    this.ctx.urls.api = baseUrl;
  }

  // ---- setup ----

  addUser(login: string, details: { name?: string; email?: string } = {}): Account {
    return this.state.account(login) ?? this.putAccount({ id: this.state.nextId("account"), login, type: "User", name: details.name ?? null, email: details.email ?? null, createdAt: this.clock.iso() });
  }

  addOrg(login: string, details: { name?: string } = {}): Account {
    return this.state.account(login) ?? this.putAccount({ id: this.state.nextId("account"), login, type: "Organization", name: details.name ?? null, email: null, createdAt: this.clock.iso() });
  }

  /** Members are added as users if needed; `state: "pending"` is an invitation not yet accepted. */
  addTeam(org: string, slug: string, members: Array<string | { login: string; state?: TeamMembership["state"]; role?: TeamMembership["role"] }> = []): Team {
    this.addOrg(org);
    const team: Team = this.state.team(org, slug) ?? { id: this.state.nextId("team"), org, slug, name: slug, members: new Map() };
    this.state.teams.set(`${org}/${slug}`.toLowerCase(), team);
    for (const m of members) {
      const member = typeof m === "string" ? { login: m } : m;
      this.addUser(member.login);
      team.members.set(member.login.toLowerCase(), { state: member.state ?? "active", role: member.role ?? "member" });
    }
    return team;
  }

  /** Someone leaves a team (or their invitation is withdrawn); GitHub sends stagegate no event for it. */
  removeFromTeam(org: string, slug: string, login: string): void {
    this.state.team(org, slug)?.members.delete(login.toLowerCase());
  }

  /** Creates a repository with one initial commit holding `files` on the default branch. */
  /** `botFiles` follow in a second commit, written through the API by `github-actions[bot]` (see commitThroughApi). */
  addRepo(owner: string, name: string, options: { files?: Record<string, string>; botFiles?: Record<string, string>; defaultBranch?: string; private?: boolean; description?: string } = {}): Repository {
    const ownerAccount = this.state.account(owner) ?? this.addUser(owner);
    const now = this.clock.iso();
    const repo: Repository = {
      id: this.state.nextId("repo"),
      owner: ownerAccount.login,
      name,
      fullName: `${ownerAccount.login}/${name}`,
      private: options.private ?? true,
      defaultBranch: options.defaultBranch ?? "main",
      description: options.description ?? null,
      createdAt: now,
      updatedAt: now,
      pushedAt: now,
      branches: new Map(),
      commits: new Map(),
      roles: new Map(),
      labels: new Map(),
      issues: new Map(),
      pulls: new Map(),
      nextNumber: 1,
    };
    this.state.repos.set(repo.fullName.toLowerCase(), repo);
    const changes = new Map(Object.entries(options.files ?? { "README.md": `# ${name}\n` }).map(([p, c]) => [p, Buffer.from(c)] as const));
    commitToBranch(this.state, repo, { branch: repo.defaultBranch, changes, message: "Initial commit", author: ownerAccount, date: now });
    if (options.botFiles !== undefined) this.commitThroughApi(repo.fullName, options.botFiles, "Record rollout state");
    return repo;
  }

  /**
   * Commits files to the default branch as a bot writing through the contents API would (author
   * the bot, committed and signed by web-flow), without webhooks: a state file stagegate wrote
   * before the test begins. The default bot is the workflow token's, `github-actions[bot]`.
   */
  commitThroughApi(repoName: string, files: Record<string, string>, message: string, bot: string = ACTIONS_BOT_LOGIN): Commit {
    const repo = this.repo(repoName);
    const author = this.state.account(bot);
    if (author === undefined) throw new Error(`no account ${bot}`);
    const changes = new Map(Object.entries(files).map(([p, c]) => [p, Buffer.from(c)] as const));
    return commitToBranch(this.state, repo, { branch: repo.defaultBranch, changes, message, author, date: this.clock.iso(), committer: this.state.account(WEB_FLOW_LOGIN) as Account });
  }

  setRole(repo: string, login: string, role: RepoRole | null): void {
    const r = this.repo(repo);
    this.addUser(login);
    if (role === null) r.roles.delete(login.toLowerCase());
    else r.roles.set(login.toLowerCase(), role);
  }

  /** Registers another GitHub App (the primary one exists from the start). */
  addApp(details: { slug: string; name?: string; webhookSecret?: string; owner?: string; webhookUrl?: string }): App {
    const owner = this.state.account(details.owner ?? "") ?? this.addOrg(details.owner ?? `${details.slug}-developers`);
    return createApp(this.state, this.clock, { ...details, owner });
  }

  /**
   * What a person does on GitHub's "Create GitHub App" page with a manifest (the setup page posts
   * it there): GitHub checks it and redirects to its `redirect_url` with a one-time code, valid for
   * an hour, that the App exchanges with `POST /app-manifests/{code}/conversions`.
   */
  submitManifest(manifest: Record<string, unknown>, options: { owner?: string } = {}): { code: string; redirectUrl: string | null } {
    const problems = manifestProblems(this.state, manifest);
    if (problems.length > 0) throw new Error(`GitHub would not accept this manifest: ${problems.join("; ")}`);
    const owner = options.owner ?? "octocat";
    if (!this.state.account(owner)) this.addUser(owner);
    const code = randomBytes(10).toString("hex");
    this.state.manifestCodes.set(code, { manifest, owner, expiresAt: Date.now() + 3_600_000 });
    const redirect = typeof manifest.redirect_url === "string" ? new URL(manifest.redirect_url) : null;
    redirect?.searchParams.set("code", code);
    return { code, redirectUrl: redirect?.toString() ?? null };
  }

  credentials(app: App): AppCredentials {
    return { id: app.id, slug: app.slug, name: app.name, webhookSecret: app.webhookSecret, privateKey: app.privateKeyPem, botLogin: app.bot.login };
  }

  /** Installs an app (the primary one by default) on an account, for all or selected repositories. */
  installApp(options: { account: string; repositories?: string[] | "all"; permissions?: Permissions; appId?: number }): Installation {
    const appId = options.appId ?? this.app.id;
    if (!this.state.apps.has(appId)) throw new Error(`no app with id ${appId}`);
    if (!this.state.account(options.account)) this.addOrg(options.account);
    const inst: Installation = {
      id: this.state.nextId("installation"),
      appId,
      account: options.account,
      repositories: options.repositories === undefined || options.repositories === "all" ? null : options.repositories.map((r) => r.split("/").pop() as string),
      permissions: options.permissions ?? this.state.apps.get(appId)?.permissions ?? DEFAULT_PERMISSIONS,
      createdAt: this.clock.iso(),
    };
    this.state.installations.set(inst.id, inst);
    return inst;
  }

  setWebhookUrl(url: string | null, appId: number = this.app.id): void {
    const app = this.state.apps.get(appId);
    if (!app) throw new Error(`no app with id ${appId}`);
    app.webhookUrl = url;
  }

  /** An installation token without going through the JWT exchange (for tests of other apps). */
  createInstallationToken(installationId: number): string {
    const inst = this.state.installations.get(installationId);
    if (!inst) throw new Error(`no installation ${installationId}`);
    const token = newToken("ghs");
    this.state.tokens.set(token, { kind: "installation", installationId, appId: inst.appId });
    return token;
  }

  /** A workflow's GITHUB_TOKEN for one repository. */
  createActionsToken(repo: string, permissions: Permissions = ACTIONS_PERMISSIONS): string {
    const token = newToken("ghs");
    this.state.tokens.set(token, { kind: "actions", repo: this.repo(repo).fullName, permissions });
    return token;
  }

  /** A personal access token acting as that user with their repository roles. */
  createUserToken(login: string): string {
    this.addUser(login);
    const token = newToken("ghp");
    this.state.tokens.set(token, { kind: "user", login });
    return token;
  }

  /** Acts as a person, as a browser would: edits, comments, pushes and merges send webhooks. */
  as(login: string): Person {
    return new Person(this, this.addUser(login));
  }

  // ---- inspection ----

  repo(fullName: string): Repository {
    const repo = this.state.repo(fullName);
    if (!repo) throw new Error(`no repository ${fullName}: add it with addRepo`);
    return repo;
  }

  /** A file's text at a ref (default branch by default), or null. */
  readFile(repo: string, path: string, ref?: string): string | null {
    const commit = resolveRef(this.repo(repo), ref);
    const entry = commit ? readPath(commit, path) : undefined;
    return entry?.type === "file" ? (this.state.blobs.get(entry.sha)?.toString("utf8") ?? null) : null;
  }

  /** Waits until every webhook delivery in flight has been answered. */
  idle(): Promise<void> {
    return this.webhooks.idle();
  }

  private putAccount(account: Account): Account {
    this.state.accounts.set(account.login.toLowerCase(), account);
    return account;
  }
}

export interface RunningEmulator extends Emulator {
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1 on a free port. GitHub's description is loaded once per process. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const description = await loadGitHubDescription();
  const emulator = new Emulator(description, options);
  const server = createApiServer({ description, env: emulator.env, handlers: allRoutes, log: emulator.requests, faults: emulator.faults, limits: emulator.limits, checkResponses: options.checkResponses ?? false, baseUrl: () => emulator.baseUrl });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  emulator.listening(`http://127.0.0.1:${port}`);
  return Object.assign(emulator, {
    close: async () => {
      await emulator.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
