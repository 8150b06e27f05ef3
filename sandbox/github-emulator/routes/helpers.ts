// Helpers every route uses: find the repository the caller may see, and paginate a list the
// way GitHub does (per_page ≤ 100, default 30, a Link header with next/last/first/prev).

import { checkRepoAccess, type Need } from "../access.js";
import { notFound, type Reply } from "../replies.js";
import type { Repository } from "../state.js";
import type { ApiRequest, Env } from "./types.js";

export function repoFor(req: ApiRequest, env: Env, need: Need): Repository | Reply {
  const repo = env.state.repo(`${req.params.owner}/${req.params.repo}`);
  if (!repo) return notFound();
  return checkRepoAccess(env.state, req.actor, repo, need) ?? repo;
}

export function isRepository(value: Repository | Reply): value is Repository {
  return "fullName" in value;
}

export function paginate<T>(req: ApiRequest, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number) => {
    const url = new URL(req.url);
    for (const [k, v] of req.query) url.searchParams.set(k, v);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(p));
    return url.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`);
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`);
  return { page: items.slice((page - 1) * perPage, page * perPage), headers: rels.length ? { link: rels.join(", ") } : {} };
}

export const NEEDS = {
  metadata: { scope: "metadata", level: "read", role: "read" },
  readContents: { scope: "contents", level: "read", role: "read" },
  writeContents: { scope: "contents", level: "write", role: "write" },
  readIssues: { scope: "issues", level: "read", role: "read" },
  // Anyone who can see a repository may open issues and comment.
  writeIssues: { scope: "issues", level: "write", role: "read" },
  triageIssues: { scope: "issues", level: "write", role: "triage" },
  readPulls: { scope: "pull_requests", level: "read", role: "read" },
  readChecks: { scope: "checks", level: "read", role: "read" },
  writeChecks: { scope: "checks", level: "write", role: "write" },
} as const satisfies Record<string, Need>;
