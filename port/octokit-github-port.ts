// The GitHub port over Octokit. One implementation serves the App (Probot's `context.octokit`)
// and the Action (@octokit/core with pagination and retries): both expose `request` and `paginate`,
// and going through `request` with route strings keeps us clear of the removed shorthand
// (`octokit.issues.*`) that fails silently under Probot 14.
import type { Octokit } from "@octokit/rest";
import { batchQuery, readBatchAnswer } from "./batch-read.js";
import type { FilesAtCommits } from "./committed-files.js";
import type {
  BatchRead,
  BatchReadRequest,
  CheckRunData,
  CheckRunInput,
  CommitResult,
  FileAtRef,
  GitHubPort,
  IssueData,
  PathCommit,
  Permission,
  PullRequestData,
  Reaction,
  RepoRef,
  TeamRoster,
} from "./github-port.js";
import { COMMENT_BODY_MAX, fitText, ISSUE_BODY_MAX } from "../core/github-limits.js";
import { httpStatus, isNotFound, isStaleShaConflict, unlessNotFound } from "./octokit-errors.js";
import { checkRunData, checkRunOutput, issueData, pullRequestData, splitAnnotations } from "./octokit-mapping.js";

/** What the port needs from an Octokit instance; Probot's and the Action's both fit. */
export type PortOctokit = Pick<Octokit, "request" | "paginate">;

const PER_PAGE = 100;

/** A full commit sha (SHA-1 or SHA-256 repositories): what a file is at it never changes. */
const isCommitSha = (ref: string | undefined): ref is string => ref !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(ref);

export class OctokitGitHubPort implements GitHubPort {
  #defaultBranch: string | null = null;
  readonly #committed: FilesAtCommits | null;

  constructor(
    private readonly octokit: PortOctokit,
    readonly repo: RepoRef,
    /**
     * What the caller already knows, e.g. from a webhook payload, so it is not asked again; and
     * where files at commits are kept (port/committed-files.ts), when the caller keeps them.
     */
    known: { defaultBranch?: string; committedFiles?: FilesAtCommits } = {},
  ) {
    this.#defaultBranch = known.defaultBranch ?? null;
    this.#committed = known.committedFiles ?? null;
  }

  async defaultBranch(): Promise<string> {
    if (this.#defaultBranch === null) {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}", { ...this.repo });
      this.#defaultBranch = data.default_branch;
    }
    return this.#defaultBranch;
  }

  async readFile(path: string, ref?: string): Promise<FileAtRef | null> {
    const atCommit = isCommitSha(ref) ? ref : null;
    if (atCommit !== null && this.#committed !== null) {
      const known = this.#committed.get(this.repo, atCommit, path);
      if (known !== undefined) return known;
    }
    const file = await this.#readFile(path, ref);
    if (file !== null && atCommit !== null) this.#committed?.set(this.repo, atCommit, path, file);
    return file;
  }

  async #readFile(path: string, ref?: string): Promise<FileAtRef | null> {
    return unlessNotFound(async () => {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...this.repo, path, ...(ref ? { ref } : {}) });
      if (Array.isArray(data) || data.type !== "file") return null;
      if ("content" in data && data.encoding === "base64") {
        return { content: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
      }
      // Files over 1 MB come back without content: fetch the blob instead.
      const blob = await this.octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...this.repo, file_sha: data.sha });
      return { content: Buffer.from(blob.data.content, "base64").toString("utf8"), sha: data.sha };
    }, null);
  }

  async readBatch(request: BatchReadRequest): Promise<BatchRead> {
    const query = batchQuery(this.repo.owner, this.repo.repo, request);
    const { data } = await this.octokit.request("POST /graphql", { query });
    const answer = data as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; type?: string }> };
    // An issue number that names no issue is a NOT_FOUND error beside a null field: an answer.
    const errors = (answer.errors ?? []).filter((e) => e.type !== "NOT_FOUND");
    if (errors.length > 0 || !answer.data) throw new Error(`GitHub's GraphQL API refused the batched read: ${errors.map((e) => e.message).join("; ") || "no data"}`);
    const read = readBatchAnswer(request, answer.data);
    for (const path of read.truncated) read.files.set(path, await this.readFile(path, request.ref));
    return read;
  }

  async listFiles(dir: string, ref?: string): Promise<Array<{ path: string; sha: string }>> {
    return unlessNotFound(async () => {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...this.repo, path: dir, ...(ref ? { ref } : {}) });
      if (!Array.isArray(data)) return [];
      return data.filter((entry) => entry.type === "file").map((entry) => ({ path: entry.path, sha: entry.sha }));
    }, []);
  }

  async lastCommitTouching(path: string, ref: string): Promise<PathCommit | null> {
    try {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/commits", { ...this.repo, sha: ref, path, per_page: 1 });
      const commit = data[0];
      if (commit === undefined) return null;
      return {
        sha: commit.sha,
        authorLogin: commit.author && "login" in commit.author ? commit.author.login : null,
        committerLogin: commit.committer && "login" in commit.committer ? commit.committer.login : null,
        message: commit.commit.message,
        verified: commit.commit.verification?.verified ?? false,
      };
    } catch (error) {
      // 404: no such branch; 409: the repository has no commits at all.
      if (isNotFound(error) || httpStatus(error) === 409) return null;
      throw error;
    }
  }

  async commitFile(input: { path: string; content: string; message: string; expectedSha: string | null; branch: string }): Promise<CommitResult> {
    try {
      const { data } = await this.octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
        ...this.repo,
        path: input.path,
        message: input.message,
        content: Buffer.from(input.content, "utf8").toString("base64"),
        branch: input.branch,
        ...(input.expectedSha ? { sha: input.expectedSha } : {}),
        // A stale sha must come back to us at once: the caller re-reads and re-decides.
        // Probot's retry plugin would otherwise resend the same stale write three times.
        request: { retries: 0 },
      });
      const commitSha = data.commit.sha ?? "";
      const fileSha = data.content?.sha ?? "";
      // The new commit has this file as written: reading it back at that commit needs no request.
      if (isCommitSha(commitSha) && fileSha !== "") this.#committed?.set(this.repo, commitSha, input.path, { content: input.content, sha: fileSha });
      return { ok: true, commitSha, fileSha };
    } catch (error) {
      if (isStaleShaConflict(error)) return { ok: false, conflict: true };
      throw error;
    }
  }

  async getIssue(number: number): Promise<IssueData | null> {
    return unlessNotFound(async () => {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...this.repo, issue_number: number });
      return issueData(data);
    }, null);
  }

  async listIssuesWithLabel(label: string): Promise<IssueData[]> {
    const issues = await this.octokit.paginate("GET /repos/{owner}/{repo}/issues", {
      ...this.repo,
      labels: label,
      state: "all",
      sort: "created",
      direction: "desc",
      per_page: PER_PAGE,
    });
    // The issues endpoint lists pull requests too.
    return issues.filter((issue) => !issue.pull_request).map(issueData);
  }

  async createIssue(input: { title: string; body: string; labels: string[] }): Promise<IssueData> {
    const { data } = await this.octokit.request("POST /repos/{owner}/{repo}/issues", { ...this.repo, ...input, body: fitText(input.body, ISSUE_BODY_MAX) });
    return issueData(data);
  }

  async updateIssue(number: number, patch: { title?: string; body?: string; state?: "open" | "closed" }): Promise<IssueData> {
    const body = patch.body === undefined ? {} : { body: fitText(patch.body, ISSUE_BODY_MAX) };
    const { data } = await this.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...this.repo, issue_number: number, ...patch, ...body });
    return issueData(data);
  }

  async createComment(issue: number, body: string): Promise<{ id: number }> {
    // The last guard of GitHub's limit: whatever made the answer long, it is still posted.
    const { data } = await this.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...this.repo, issue_number: issue, body: fitText(body, COMMENT_BODY_MAX) });
    return { id: Number(data.id) };
  }

  async listComments(issue: number): Promise<Array<{ id: number; user: string; body: string }>> {
    const comments = await this.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...this.repo, issue_number: issue, per_page: PER_PAGE });
    return comments.map((c) => ({ id: Number(c.id), user: c.user?.login ?? "", body: c.body ?? "" }));
  }

  async addReaction(commentId: number, reaction: Reaction): Promise<void> {
    await this.octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...this.repo, comment_id: commentId, content: reaction });
  }

  async listReactions(commentId: number): Promise<Array<{ content: Reaction; user: string }>> {
    return unlessNotFound(async () => {
      const reactions = await this.octokit.paginate("GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...this.repo, comment_id: commentId, per_page: PER_PAGE });
      return reactions.map((r) => ({ content: r.content as Reaction, user: r.user?.login ?? "" }));
    }, []);
  }

  async listCheckRuns(ref: string): Promise<CheckRunData[]> {
    const runs = await this.octokit.paginate("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...this.repo, ref, per_page: PER_PAGE });
    return runs.map(checkRunData);
  }

  async createCheckRun(input: CheckRunInput): Promise<CheckRunData> {
    const [first, ...rest] = splitAnnotations(input.annotations ?? []);
    const { data } = await this.octokit.request("POST /repos/{owner}/{repo}/check-runs", {
      ...this.repo,
      name: input.name,
      head_sha: input.headSha,
      status: input.status,
      ...(input.conclusion ? { conclusion: input.conclusion } : {}),
      ...(input.externalId ? { external_id: input.externalId } : {}),
      ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
      output: checkRunOutput(input.title, input.summary, input.text, first ?? []),
    });
    let run = checkRunData(data);
    for (const chunk of rest) run = await this.#patchOutput(run.id, input.title, input.summary, input.text, chunk);
    return run;
  }

  async updateCheckRun(id: number, input: Partial<CheckRunInput>): Promise<CheckRunData> {
    const touchesOutput = input.title !== undefined || input.summary !== undefined || input.text !== undefined || (input.annotations?.length ?? 0) > 0;
    // GitHub requires title and summary with every output: keep the current ones.
    const keep = touchesOutput && (input.title === undefined || input.summary === undefined);
    const current = keep ? (await this.octokit.request("GET /repos/{owner}/{repo}/check-runs/{check_run_id}", { ...this.repo, check_run_id: id })).data.output : null;
    const title = input.title ?? current?.title ?? "";
    const summary = input.summary ?? current?.summary ?? "";
    const [first, ...rest] = splitAnnotations(input.annotations ?? []);
    const { data } = await this.octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...this.repo,
      check_run_id: id,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.conclusion !== undefined ? { conclusion: input.conclusion } : {}),
      ...(input.externalId !== undefined ? { external_id: input.externalId } : {}),
      ...(input.detailsUrl !== undefined ? { details_url: input.detailsUrl } : {}),
      ...(touchesOutput ? { output: checkRunOutput(title, summary, input.text, first ?? []) } : {}),
    });
    let run = checkRunData(data);
    for (const chunk of rest) run = await this.#patchOutput(id, title, summary, input.text, chunk);
    return run;
  }

  async #patchOutput(id: number, title: string, summary: string, text: string | undefined, annotations: NonNullable<CheckRunInput["annotations"]>): Promise<CheckRunData> {
    const { data } = await this.octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...this.repo,
      check_run_id: id,
      output: checkRunOutput(title, summary, text, annotations),
    });
    return checkRunData(data);
  }

  async getPullRequest(number: number): Promise<PullRequestData | null> {
    return unlessNotFound(async () => {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...this.repo, pull_number: number });
      return pullRequestData(data);
    }, null);
  }

  async listPullRequestFiles(number: number): Promise<Array<{ path: string; status: string }>> {
    const files = await this.octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { ...this.repo, pull_number: number, per_page: PER_PAGE });
    return files.map((f) => ({ path: f.filename, status: f.status }));
  }

  async listPullRequestsForCommit(sha: string): Promise<PullRequestData[]> {
    const pulls = await this.octokit.paginate("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", { ...this.repo, commit_sha: sha, per_page: PER_PAGE });
    return pulls.map(pullRequestData);
  }

  async permission(login: string): Promise<{ permission: Permission; roleName: string }> {
    // Not found: not a collaborator (or not a user at all), so no access.
    return unlessNotFound(async () => {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...this.repo, username: login });
      const permission: Permission = ["admin", "write", "read"].includes(data.permission) ? (data.permission as Permission) : "none";
      return { permission, roleName: data.role_name };
    }, { permission: "none", roleName: "none" });
  }

  async isActiveTeamMember(org: string, teamSlug: string, login: string): Promise<boolean> {
    return unlessNotFound(async () => {
      const { data } = await this.octokit.request("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", { org, team_slug: teamSlug, username: login });
      // A pending invitation does not make someone a member yet.
      return data.state === "active";
    }, false);
  }

  async listTeamMembers(org: string, teamSlug: string): Promise<TeamRoster> {
    try {
      const members = await this.octokit.paginate("GET /orgs/{org}/teams/{team_slug}/members", { org, team_slug: teamSlug, per_page: PER_PAGE });
      return { readable: true, logins: members.map((m) => m.login) };
    } catch (error) {
      // Expected for a token that may not read teams: the caller says so and decides without.
      const status = httpStatus(error);
      if (status === 403 || status === 404) return { readable: false, status };
      throw error;
    }
  }
}
