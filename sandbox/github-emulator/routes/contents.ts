// The contents API: read a file or folder at a ref, create or update one file with the blob
// sha as compare-and-swap token. Each write is a commit that advances the branch.

import { accountOf, WEB_FLOW_LOGIN } from "../access.js";
import { commitToBranch, readPath, resolveRef } from "../git.js";
import { error, json, notFound, validationFailed } from "../replies.js";
import type { Commit, Repository } from "../state.js";
import { nodeId, type RenderContext } from "../shapes/common.js";
import { gitCommitShape } from "../shapes/commits.js";
import { isRepository, NEEDS, repoFor } from "./helpers.js";
import type { HandlerTable } from "./types.js";

const MAX_INLINE = 1024 * 1024;
const MAX_FILE = 100 * 1024 * 1024;

export const contentsRoutes: HandlerTable = {
  "repos/get-content": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readContents);
    if (!isRepository(repo)) return repo;
    const ref = req.query.get("ref") ?? undefined;
    const commit = resolveRef(repo, ref);
    if (!commit) return error(404, `No commit found for the ref ${ref ?? repo.defaultBranch}`);
    const entry = readPath(commit, req.params.path ?? "");
    if (!entry) return notFound();
    const refName = ref ?? repo.defaultBranch;
    if (entry.type === "dir") {
      return json(200, entry.entries.map((e) => entryShape(repo, refName, e.path, e.type, e.sha, e.type === "file" ? (env.state.blobs.get(e.sha)?.length ?? 0) : 0, env.ctx)));
    }
    const content = env.state.blobs.get(entry.sha) ?? Buffer.alloc(0);
    // `Accept: application/vnd.github.raw` (Probot's config loader) gets the bytes themselves.
    if (/vnd\.github(\.v3)?\.raw/.test(req.headers.accept ?? "")) {
      return { status: 200, body: content, headers: { "content-type": "text/plain; charset=utf-8", etag: `"${entry.sha}"` } };
    }
    // Between 1 MB and 100 MB GitHub leaves the content out: clients fetch the blob instead.
    if (content.length > MAX_INLINE) {
      if (content.length > MAX_FILE) return error(403, "This API returns blobs up to 100 MB in size. The requested blob is too large to fetch via the API.");
      return json(200, { ...entryShape(repo, refName, entry.path, "file", entry.sha, content.length, env.ctx), content: "", encoding: "none" });
    }
    return json(200, {
      ...entryShape(repo, refName, entry.path, "file", entry.sha, content.length, env.ctx),
      content: wrapBase64(content.toString("base64")),
      encoding: "base64",
    });
  },

  "repos/create-or-update-file-contents": (req, env) => {
    const repo = repoFor(req, env, NEEDS.writeContents);
    if (!isRepository(repo)) return repo;
    const path = (req.params.path ?? "").replace(/^\/+/, "");
    const body = req.body as { message: string; content: string; sha?: string; branch?: string };
    const branch = body.branch ?? repo.defaultBranch;
    const head = repo.branches.get(branch);
    if (!head) return error(404, `Branch ${branch} not found`);
    const existing = readPath(repo.commits.get(head) as Commit, path);
    if (existing?.type === "dir") return validationFailed(`"${path}" is a directory`);
    if (existing && body.sha === undefined) return validationFailed(`Invalid request.\n\n"sha" wasn't supplied.`);
    if (existing && body.sha !== existing.sha) return error(409, `${path} does not match ${body.sha}`);
    if (!existing && body.sha !== undefined) return error(409, `${path} does not match ${body.sha}`);
    const author = accountOf(env.state, req.actor);
    if (!author) return error(403, "Resource not accessible by integration");
    const commit = commitToBranch(env.state, repo, {
      branch,
      changes: new Map([[path, Buffer.from(body.content, "base64")]]),
      message: body.message,
      author,
      date: env.clock.iso(),
      // GitHub writes API commits itself: committed and signed by web-flow, verified.
      committer: env.state.account(WEB_FLOW_LOGIN),
    });
    const sha = commit.tree.get(path) as string;
    return json(existing ? 200 : 201, {
      content: { ...entryShape(repo, branch, path, "file", sha, env.state.blobs.get(sha)?.length ?? 0, env.ctx) },
      commit: gitCommitShape(repo, commit, env.ctx),
    });
  },

  "git/get-blob": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readContents);
    if (!isRepository(repo)) return repo;
    const sha = (req.params.file_sha ?? "").toLowerCase();
    // Blobs are shared across repositories in the store; answer only for blobs this repository holds.
    const known = [...repo.commits.values()].some((c) => [...c.tree.values()].includes(sha));
    const content = known ? env.state.blobs.get(sha) : undefined;
    if (!content) return notFound();
    return json(200, {
      sha,
      node_id: nodeId("B", sha),
      size: content.length,
      url: `${env.ctx.urls.api}/repos/${repo.fullName}/git/blobs/${sha}`,
      content: wrapBase64(content.toString("base64")),
      encoding: "base64",
    });
  },
};

function entryShape(repo: Repository, ref: string, path: string, type: "file" | "dir", sha: string, size: number, ctx: RenderContext): Record<string, unknown> {
  const api = `${ctx.urls.api}/repos/${repo.fullName}`;
  const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = type === "file" ? `${api}/git/blobs/${sha}` : `${api}/git/trees/${sha}`;
  const html = `${ctx.urls.web}/${repo.fullName}/${type === "file" ? "blob" : "tree"}/${ref}/${path}`;
  return {
    type,
    size,
    name: path.split("/").pop() ?? path,
    path,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === "file" ? `${ctx.urls.api}/raw/${repo.fullName}/${ref}/${path}` : null,
    _links: { self, git, html },
  };
}

// GitHub wraps base64 content at 60 characters with newlines.
function wrapBase64(b64: string): string {
  return (b64.match(/.{1,60}/g) ?? [""]).join("\n") + "\n";
}

