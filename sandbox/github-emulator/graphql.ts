// `POST /graphql`: GitHub's GraphQL API, for the reads a client batches into one query (files
// at `<ref>:<path>`, folders with their blobs, a path's last commit, issues by number or by
// search). Every query is parsed, validated and executed against GitHub's own published schema
// (@octokit/graphql-schema), so a field, argument or type GitHub does not have fails here as it
// would there. Only the fields below have data; asking for another one that is non-null is an
// execution error naming it, which says the emulator must learn it, not that GitHub lacks it.
//
// Cost is computed as GitHub documents it for its rate limit: every connection asked for counts
// the requests needed to fill it (the product of the `first`/`last` of the connections around
// it), the sum is divided by 100 and rounded, with a minimum of 1 point; `first`/`last` must be
// 1..100 and a query may reach at most 500,000 nodes.
import { createHash } from "node:crypto";
import {
  buildClientSchema,
  execute,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { checkRepoAccess } from "./access.js";
import { readPath, resolveRef } from "./git.js";
import { logFrom } from "./routes/commits.js";
import { NEEDS } from "./routes/helpers.js";
import type { Env } from "./routes/types.js";
import type { Actor, Commit, CommitPerson, Issue, Repository } from "./state.js";

let cachedSchema: Promise<GraphQLSchema> | null = null;

/** GitHub's schema, built once per process from the published introspection (≈ 0.7 s), on first use. */
function githubGraphQLSchema(): Promise<GraphQLSchema> {
  cachedSchema ??= import("@octokit/graphql-schema").then(({ schema }) => buildClientSchema(schema.json as unknown as IntrospectionQuery));
  return cachedSchema;
}

export interface GraphQLAnswer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; type?: string; path?: ReadonlyArray<string | number> }> };
  /** Points charged to the caller's GraphQL budget (0 when the query never ran). */
  cost: number;
  /** Why GitHub would reject the query outright (invalid against the schema, over its limits). */
  violation: string | null;
}

const MAX_NODES = 500_000;

export async function answerGraphQL(env: Env, actor: Actor, body: unknown, budget: { remaining: number; limit: number; used: number; resetAt: string }): Promise<GraphQLAnswer> {
  const request = body as { query?: unknown; variables?: unknown } | null;
  if (request === null || typeof request !== "object" || typeof request.query !== "string") {
    return refused(400, "A query attribute must be specified and must be a string.");
  }
  const schema = await githubGraphQLSchema();
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return refused(200, error instanceof Error ? error.message : String(error));
  }
  const problems = validate(schema, document);
  if (problems.length > 0) return refused(200, problems.map((p) => p.message).join("\n"));
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  const weighed = weigh(document, variables);
  if (typeof weighed === "string") return refused(200, weighed);
  if (weighed.cost > budget.remaining) {
    return { status: 200, body: { errors: [{ type: "RATE_LIMITED", message: `API rate limit exceeded for this token (${budget.limit} points an hour).` }] }, cost: 0, violation: `GraphQL query of ${weighed.cost} points over the hourly budget (${budget.used} of ${budget.limit} used)` };
  }
  const rateLimit = { cost: weighed.cost, limit: budget.limit, remaining: budget.remaining - weighed.cost, used: budget.used + weighed.cost, resetAt: budget.resetAt, nodeCount: weighed.nodes };
  const result = await execute({ schema, document, variableValues: variables, rootValue: root(env, actor, rateLimit) });
  const errors = result.errors?.map((e) => ({ message: e.message, ...(e.path ? { path: e.path } : {}), ...(e.extensions?.type ? { type: String(e.extensions.type) } : {}) }));
  return { status: 200, body: { data: result.data ?? null, ...(errors ? { errors } : {}) }, cost: weighed.cost, violation: null };
}

function refused(status: number, message: string): GraphQLAnswer {
  return { status, body: { errors: [{ message }] }, cost: 0, violation: `GraphQL query GitHub would refuse: ${message}` };
}

// ---- cost ----

function weigh(document: DocumentNode, variables: Record<string, unknown>): { cost: number; nodes: number } | string {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let requests = 0;
  let nodes = 0;
  const value = (node: ValueNode): unknown => (node.kind === Kind.VARIABLE ? variables[node.name.value] : node.kind === Kind.INT ? Number(node.value) : undefined);
  const walk = (set: SelectionSetNode | undefined, multiplier: number): string | null => {
    if (set === undefined) return null;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const problem = walk(selection.selectionSet, multiplier);
        if (problem) return problem;
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const problem = walk(fragments.get(selection.name.value)?.selectionSet, multiplier);
        if (problem) return problem;
        continue;
      }
      const size = selection.arguments?.find((a) => a.name.value === "first" || a.name.value === "last");
      if (size === undefined) {
        const problem = walk(selection.selectionSet, multiplier);
        if (problem) return problem;
        continue;
      }
      const n = value(size.value);
      if (typeof n !== "number" || n < 1 || n > 100) return `Requesting ${String(n)} records on the \`${selection.name.value}\` connection is outside the limits of 1 to 100 records.`;
      requests += multiplier;
      nodes += multiplier * n;
      const problem = walk(selection.selectionSet, multiplier * n);
      if (problem) return problem;
    }
    return null;
  };
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    if (d.operation !== "query") return `The emulator answers queries only, not ${d.operation}s.`;
    const problem = walk(d.selectionSet, 1);
    if (problem) return problem;
  }
  if (nodes > MAX_NODES) return `This query requests up to ${nodes} possible nodes which exceeds the maximum limit of ${MAX_NODES}.`;
  return { cost: Math.max(1, Math.round(requests / 100)), nodes };
}

// ---- data ----
// graphql's default resolver reads a property, or calls it with (args) when it is a function;
// interfaces and unions resolve by `__typename`.

function root(env: Env, actor: Actor, rateLimit: Record<string, unknown>) {
  const indexes = new Map<string, IssueIndex>();
  return {
    rateLimit: () => rateLimit,
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = env.state.repo(`${owner}/${name}`);
      if (!repo || checkRepoAccess(env.state, actor, repo, NEEDS.metadata) !== null) throw new Error(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return repositoryNode(env, actor, repo);
    },
    search: ({ query, type, first }: { query: string; type: string; first?: number }) => {
      if (type !== "ISSUE") throw new Error(`The emulator searches issues only, not ${type}.`);
      const found = searchIssues(env, actor, query, indexes);
      return { issueCount: found.length, nodes: found.slice(0, first ?? 10).map(({ repo, issue }) => issueNode(env, repo, issue)), pageInfo: pageInfo() };
    },
  };
}

function pageInfo() {
  return { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };
}

function repositoryNode(env: Env, actor: Actor, repo: Repository) {
  const canRead = (need: (typeof NEEDS)[keyof typeof NEEDS]) => checkRepoAccess(env.state, actor, repo, need) === null;
  return {
    nameWithOwner: repo.fullName,
    name: repo.name,
    defaultBranchRef: { name: repo.defaultBranch, prefix: "refs/heads/" },
    object: ({ expression, oid }: { expression?: string; oid?: string }) => {
      if (!canRead(NEEDS.readContents)) throw new Error("Resource not accessible by integration");
      return objectAt(env, repo, expression ?? oid ?? "");
    },
    issue: ({ number }: { number: number }) => {
      if (!canRead(NEEDS.readIssues)) throw new Error("Resource not accessible by integration");
      const issue = repo.issues.get(number);
      return issue && !issue.isPullRequest ? issueNode(env, repo, issue) : null;
    },
  };
}

/** `<ref>:<path>` (a blob or tree), `<ref>` or a sha (a commit), as `git rev-parse` reads them. */
function objectAt(env: Env, repo: Repository, expression: string) {
  const colon = expression.indexOf(":");
  const commit = resolveRef(repo, colon === -1 ? expression : expression.slice(0, colon));
  if (commit === undefined) return null;
  if (colon === -1) return commitNode(env, repo, commit);
  return pathNode(env, repo, commit, expression.slice(colon + 1));
}

function pathNode(env: Env, repo: Repository, commit: Commit, path: string): unknown {
  const entry = readPath(commit, path);
  if (entry === undefined) return null;
  if (entry.type === "file") return blobNode(env, entry.sha);
  return {
    __typename: "Tree",
    oid: createHash("sha1").update(`tree\0${commit.treeSha}\0${entry.path}`).digest("hex"),
    entries: entry.entries.map((e) => ({
      name: e.path.slice(e.path.lastIndexOf("/") + 1),
      path: e.path,
      type: e.type === "file" ? "blob" : "tree",
      mode: e.type === "file" ? 33188 : 16384,
      oid: e.sha,
      object: () => (e.type === "file" ? blobNode(env, e.sha) : pathNode(env, repo, commit, e.path)),
    })),
  };
}

function blobNode(env: Env, sha: string) {
  const content = env.state.blobs.get(sha) ?? Buffer.alloc(0);
  const binary = content.includes(0);
  return { __typename: "Blob", oid: sha, abbreviatedOid: sha.slice(0, 7), byteSize: content.length, isBinary: binary, isTruncated: false, text: binary ? null : content.toString("utf8") };
}

function actorNode(env: Env, person: CommitPerson) {
  return { name: person.name, email: person.email, date: person.date, user: person.login && env.state.account(person.login) ? { login: person.login } : null };
}

function signatureNode(commit: Commit) {
  return {
    __typename: "GpgSignature",
    isValid: true,
    state: "VALID",
    wasSignedByGitHub: true,
    email: commit.committer.email,
    signer: null,
    keyId: "B5690EEEBB952194",
    signature: `-----BEGIN PGP SIGNATURE-----\n\n${commit.sha}\n-----END PGP SIGNATURE-----\n`,
    payload: `tree ${commit.treeSha}\n`,
    verifiedAt: commit.committer.date,
  };
}

function commitNode(env: Env, repo: Repository, commit: Commit): Record<string, unknown> {
  return {
    __typename: "Commit",
    oid: commit.sha,
    abbreviatedOid: commit.sha.slice(0, 7),
    message: commit.message,
    messageHeadline: commit.message.split("\n")[0],
    committedDate: commit.committer.date,
    authoredDate: commit.author.date,
    author: actorNode(env, commit.author),
    committer: actorNode(env, commit.committer),
    // The same commit data as the REST answers' `verification`: GitHub signs what it commits itself
    // (the contents API, web edits) as web-flow; anything pushed is unsigned.
    signature: commit.verified ? signatureNode(commit) : null,
    file: ({ path }: { path: string }) => {
      const entry = readPath(commit, path);
      return entry === undefined ? null : { path: entry.path, name: entry.path.slice(entry.path.lastIndexOf("/") + 1), object: pathNode(env, repo, commit, path) };
    },
    history: ({ path, first, last }: { path?: string; first?: number; last?: number }) => {
      const commits = logFrom(repo, commit, path ? path.replace(/^\/+|\/+$/g, "") : null);
      const page = last !== undefined && first === undefined ? commits.slice(-last) : commits.slice(0, first ?? 100);
      return { totalCount: commits.length, nodes: page.map((c) => commitNode(env, repo, c)), pageInfo: { ...pageInfo(), hasNextPage: page.length < commits.length } };
    },
  };
}

function issueNode(env: Env, repo: Repository, issue: Issue) {
  return {
    __typename: "Issue",
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state === "open" ? "OPEN" : "CLOSED",
    url: `${env.ctx.urls.web}/${repo.fullName}/issues/${issue.number}`,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
  };
}

/** Words as search indexes them: runs of letters and digits, lower-cased. */
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * One repository's issues indexed by word, built once per query: a query of a thousand searches
 * would otherwise scan every body a thousand times.
 */
class IssueIndex {
  readonly #byWord = new Map<string, Set<Issue>>();

  constructor(readonly repo: Repository) {
    for (const issue of repo.issues.values()) {
      for (const word of new Set(words(`${issue.title}\n${issue.body ?? ""}`))) {
        let set = this.#byWord.get(word);
        if (set === undefined) this.#byWord.set(word, (set = new Set()));
        set.add(issue);
      }
    }
  }

  /** Issues holding every word of `terms` (all issues when there are none). */
  candidates(terms: string[]): Issue[] {
    const sets = [...new Set(terms.flatMap(words))].map((w) => this.#byWord.get(w) ?? new Set<Issue>());
    if (sets.length === 0) return [...this.repo.issues.values()];
    sets.sort((a, b) => a.size - b.size);
    const [smallest, ...rest] = sets as [Set<Issue>, ...Array<Set<Issue>>];
    return [...smallest].filter((issue) => rest.every((set) => set.has(issue)));
  }
}

/**
 * The qualifiers stagegate uses — `repo:`, `is:issue`/`is:pr`, `label:`, `in:title`/`in:body` —
 * and quoted phrases, which must all appear (GitHub matches words loosely; the emulator matches
 * the phrase exactly, so a caller must still check what it finds, as it must on GitHub).
 */
function searchIssues(env: Env, actor: Actor, query: string, indexes: Map<string, IssueIndex>): Array<{ repo: Repository; issue: Issue }> {
  const phrases: string[] = [];
  const rest = query.replace(/"([^"]*)"/g, (_, phrase: string) => {
    phrases.push(phrase);
    return " ";
  });
  const parts = rest.split(/\s+/).filter((w) => w !== "");
  const qualifier = (name: string) => parts.filter((w) => w.toLowerCase().startsWith(`${name}:`)).map((w) => w.slice(name.length + 1));
  const repos = qualifier("repo").map((name) => env.state.repo(name));
  const labels = qualifier("label").map((l) => l.toLowerCase());
  const kinds = qualifier("is");
  const within = qualifier("in");
  const terms = [...phrases, ...parts.filter((w) => !w.includes(":"))];
  const found: Array<{ repo: Repository; issue: Issue }> = [];
  for (const repo of repos) {
    if (repo === undefined || checkRepoAccess(env.state, actor, repo, NEEDS.readIssues) !== null) continue;
    let index = indexes.get(repo.fullName);
    if (index === undefined) indexes.set(repo.fullName, (index = new IssueIndex(repo)));
    for (const issue of index.candidates(terms)) {
      if (kinds.includes("issue") && issue.isPullRequest) continue;
      if (kinds.includes("pr") && !issue.isPullRequest) continue;
      if (!labels.every((l) => issue.labels.some((name) => name.toLowerCase() === l))) continue;
      const text = [within.length === 0 || within.includes("title") ? issue.title : "", within.length === 0 || within.includes("body") ? (issue.body ?? "") : ""].join("\n").toLowerCase();
      if (!terms.every((p) => text.includes(p.toLowerCase()))) continue;
      found.push({ repo, issue });
    }
  }
  // GitHub's default order is best match; newest first is the emulator's stand-in.
  return found.sort((a, b) => b.issue.number - a.issue.number);
}
