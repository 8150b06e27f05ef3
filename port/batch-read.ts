// Many reads in one request: GitHub's GraphQL API answers a query of aliased fields — files at
// `<ref>:<path>`, folders with the text of their files, the last commit that changed a path,
// issues by number or by search — in one round trip that costs one request against the
// concurrency limit and a few points of the hourly GraphQL budget, where the REST API would take
// one request per file. It is how a scheduled run reads a thousand rollouts at a constant cost.
import type { BatchRead, BatchReadRequest, IssueData, PathCommit } from "./github-port.js";

/** A GraphQL string literal (JSON's escapes are GraphQL's). */
const literal = (text: string) => JSON.stringify(text);

const BLOB = "... on Blob { oid text isTruncated isBinary }";
const ISSUE = "... on Issue { number title body state url }";
const ACTOR = "user { login }";

/** The query for a batch, with the alias of every part, so the answer can be read back. */
export function batchQuery(owner: string, repo: string, request: BatchReadRequest): string {
  const ref = request.ref;
  const parts: string[] = [];
  (request.files ?? []).forEach((path, i) => parts.push(`f${i}: object(expression: ${literal(`${ref}:${path}`)}) { ${BLOB} }`));
  // A folder's files and those of its sub-folders (state files live one level down).
  (request.folders ?? []).forEach((path, i) =>
    parts.push(`d${i}: object(expression: ${literal(`${ref}:${path}`)}) { ... on Tree { entries { path type object { ${BLOB} ... on Tree { entries { path type object { ${BLOB} } } } } } } }`),
  );
  const histories = request.lastCommits ?? [];
  if (histories.length > 0) {
    const fields = histories.map((path, i) => `h${i}: history(path: ${literal(path)}, first: 1) { nodes { oid message author { ${ACTOR} } committer { ${ACTOR} } signature { isValid } } }`);
    parts.push(`head: object(expression: ${literal(ref)}) { ... on Commit { ${fields.join(" ")} } }`);
  }
  (request.issues ?? []).forEach((number, i) => parts.push(`i${i}: issue(number: ${number}) { number title body state url }`));
  const searches = (request.issueSearches ?? []).map(
    (s, i) => `s${i}: search(type: ISSUE, first: 10, query: ${literal(`repo:${owner}/${repo} is:issue label:${s.label} in:body "${s.text.replace(/"/g, "")}"`)}) { nodes { ${ISSUE} } }`,
  );
  return `query { repository(owner: ${literal(owner)}, name: ${literal(repo)}) { ${parts.join(" ")} } ${searches.join(" ")} }`;
}

interface BlobNode {
  oid: string;
  text: string | null;
  isTruncated: boolean;
  isBinary: boolean | null;
}
interface EntryNode {
  path: string;
  type: string;
  object: (BlobNode & { entries?: EntryNode[] }) | null;
}
interface IssueNode {
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  url: string;
}
interface CommitNode {
  oid: string;
  message: string;
  author: { user: { login: string } | null } | null;
  committer: { user: { login: string } | null } | null;
  signature: { isValid: boolean } | null;
}

const issueData = (node: IssueNode): IssueData => ({ number: node.number, title: node.title, body: node.body, state: node.state === "OPEN" ? "open" : "closed", htmlUrl: node.url });

/**
 * Reads the answer back. A file too large for GraphQL to carry (`isTruncated`) is listed in
 * `truncated` for the caller to read another way.
 */
export function readBatchAnswer(request: BatchReadRequest, data: Record<string, unknown>): BatchRead {
  const repository = (data.repository ?? {}) as Record<string, unknown>;
  const result: BatchRead = { files: new Map(), folders: new Map(), lastCommits: new Map(), issues: new Map(), searches: new Map(), truncated: [] };
  const putBlob = (path: string, blob: BlobNode | null) => {
    if (blob === null || blob.isBinary) return result.files.set(path, null);
    if (blob.isTruncated || blob.text === null) {
      result.truncated.push(path);
      return result.files.set(path, null);
    }
    return result.files.set(path, { content: blob.text, sha: blob.oid });
  };
  (request.files ?? []).forEach((path, i) => putBlob(path, (repository[`f${i}`] as BlobNode | null) ?? null));
  (request.folders ?? []).forEach((folder, i) => {
    const tree = repository[`d${i}`] as { entries?: EntryNode[] } | null;
    const paths: string[] = [];
    const walk = (entries: EntryNode[]) => {
      for (const entry of entries) {
        if (entry.type === "blob") {
          paths.push(entry.path);
          putBlob(entry.path, entry.object);
        } else if (entry.object?.entries) walk(entry.object.entries);
      }
    };
    walk(tree?.entries ?? []);
    result.folders.set(folder, paths);
  });
  const head = (repository.head ?? {}) as Record<string, { nodes: CommitNode[] } | undefined>;
  (request.lastCommits ?? []).forEach((path, i) => {
    const node = head[`h${i}`]?.nodes[0];
    const commit: PathCommit | null = node
      ? { sha: node.oid, authorLogin: node.author?.user?.login ?? null, committerLogin: node.committer?.user?.login ?? null, message: node.message, verified: node.signature?.isValid ?? false }
      : null;
    result.lastCommits.set(path, commit);
  });
  (request.issues ?? []).forEach((number, i) => {
    const node = repository[`i${i}`] as IssueNode | null | undefined;
    result.issues.set(number, node ? issueData(node) : null);
  });
  (request.issueSearches ?? []).forEach((search, i) => {
    const nodes = ((data[`s${i}`] as { nodes?: Array<IssueNode | Record<string, never>> } | null)?.nodes ?? []).filter((n): n is IssueNode => "number" in n);
    result.searches.set(search.text, nodes.map(issueData));
  });
  return result;
}
