// Issues and labels: create, read, update, list with filters and pagination. Writes emit the
// webhooks GitHub sends (opened, labeled, edited with `changes`, closed, reopened).

import { accountOf, roleAtLeast, roleOf } from "../access.js";
import { emitIssueEvent, emitLabeled } from "../events.js";
import { error, json, notFound, validationFailed, type Reply } from "../replies.js";
import { issueShape, labelShape } from "../shapes/issues.js";
import type { Account, EmulatorState, Issue, Label, Repository } from "../state.js";
import { isRepository, NEEDS, paginate, repoFor } from "./helpers.js";
import type { ApiRequest, Env, HandlerTable } from "./types.js";
import type { Delivery } from "../webhooks.js";

export const MAX_BODY = 65_536;

export const issueRoutes: HandlerTable = {
  "issues/get": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readIssues);
    if (!isRepository(repo)) return repo;
    const issue = repo.issues.get(Number(req.params.issue_number));
    return issue ? json(200, issueShape(repo, issue, env.ctx)) : notFound();
  },

  "issues/list-for-repo": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readIssues);
    if (!isRepository(repo)) return repo;
    const state = req.query.get("state") ?? "open";
    const labels = (req.query.get("labels") ?? "").split(",").map((l) => l.trim().toLowerCase()).filter(Boolean);
    const creator = req.query.get("creator")?.toLowerCase();
    const since = req.query.get("since");
    const sort = req.query.get("sort") ?? "created";
    const direction = req.query.get("direction") ?? "desc";
    const key = (i: Issue) => (sort === "updated" ? i.updatedAt : sort === "comments" ? String(i.commentIds.length).padStart(9, "0") : i.createdAt) + String(i.number).padStart(9, "0");
    const issues = [...repo.issues.values()]
      .filter((i) => state === "all" || i.state === state)
      .filter((i) => labels.every((l) => i.labels.some((name) => name.toLowerCase() === l)))
      .filter((i) => creator === undefined || i.author.toLowerCase() === creator)
      .filter((i) => since === null || i.updatedAt >= since)
      .sort((a, b) => (direction === "asc" ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a))));
    const { page, headers } = paginate(req, issues);
    return json(200, page.map((i) => issueShape(repo, i, env.ctx)), headers);
  },

  "issues/create": async (req, env) => {
    const repo = repoFor(req, env, NEEDS.writeIssues);
    if (!isRepository(repo)) return repo;
    const body = req.body as { title: string | number; body?: string | null; labels?: Array<string | { name?: string }> };
    const author = accountOf(env.state, req.actor) as Account;
    const tooLong = checkBody(body.body);
    if (tooLong) return tooLong;
    const labels = ensureLabels(env.state, repo, body.labels ?? []);
    const now = env.clock.iso();
    const issue: Issue = {
      id: env.state.nextId("issue"),
      number: repo.nextNumber++,
      title: String(body.title),
      body: body.body ?? null,
      state: "open",
      stateReason: null,
      author: author.login,
      labels,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      commentIds: [],
      viaApp: req.actor.kind === "installation" ? req.actor.appId : null,
      isPullRequest: false,
    };
    repo.issues.set(issue.number, issue);
    await emitIssueEvent(env, repo, issue, "opened", author, {}, { wait: false });
    await emitLabeled(env, repo, issue, labels, author, { wait: false });
    return json(201, issueShape(repo, issue, env.ctx));
  },

  "issues/update": async (req, env) => {
    const repo = repoFor(req, env, NEEDS.writeIssues);
    if (!isRepository(repo)) return repo;
    const issue = repo.issues.get(Number(req.params.issue_number));
    if (!issue) return notFound();
    const editor = accountOf(env.state, req.actor) as Account;
    const denied = mayEdit(env.state, req, repo, issue);
    if (denied) return denied;
    const patch = req.body as { title?: string | number | null; body?: string | null; state?: "open" | "closed"; state_reason?: Issue["stateReason"]; labels?: Array<string | { name?: string }> };
    const tooLong = checkBody(patch.body);
    if (tooLong) return tooLong;
    return (await applyIssueEdit(env, repo, issue, editor, patch, { wait: false })).reply;
  },

  "issues/list-labels-for-repo": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readIssues);
    if (!isRepository(repo)) return repo;
    const { page, headers } = paginate(req, [...repo.labels.values()]);
    return json(200, page.map((l) => labelShape(repo, l, env.ctx)), headers);
  },

  "issues/get-label": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readIssues);
    if (!isRepository(repo)) return repo;
    const label = repo.labels.get((req.params.name ?? "").toLowerCase());
    return label ? json(200, labelShape(repo, label, env.ctx)) : notFound();
  },

  "issues/create-label": (req, env) => {
    const repo = repoFor(req, env, { ...NEEDS.writeIssues, role: "triage" });
    if (!isRepository(repo)) return repo;
    const body = req.body as { name: string; color?: string; description?: string };
    if (repo.labels.has(body.name.toLowerCase())) return validationFailed("Validation Failed", [{ resource: "Label", code: "already_exists", field: "name" }]);
    const label: Label = { id: env.state.nextId("label"), name: body.name, color: (body.color ?? "ededed").replace(/^#/, ""), description: body.description ?? null };
    repo.labels.set(label.name.toLowerCase(), label);
    return json(201, labelShape(repo, label, env.ctx));
  },

  "issues/add-labels": async (req, env) => {
    const repo = repoFor(req, env, NEEDS.triageIssues);
    if (!isRepository(repo)) return repo;
    const issue = repo.issues.get(Number(req.params.issue_number));
    if (!issue) return notFound();
    const raw = req.body as unknown;
    const requested = Array.isArray(raw) ? raw : ((raw as { labels?: unknown[] }).labels ?? []);
    const names = ensureLabels(env.state, repo, requested as Array<string | { name?: string }>);
    const added = names.filter((n) => !issue.labels.some((l) => l.toLowerCase() === n.toLowerCase()));
    issue.labels.push(...added);
    issue.updatedAt = env.clock.iso();
    await emitLabeled(env, repo, issue, added, accountOf(env.state, req.actor) as Account, { wait: false });
    return json(200, issue.labels.map((n) => labelShape(repo, repo.labels.get(n.toLowerCase()) as Label, env.ctx)));
  },
};

/** Applies an edit and emits what GitHub emits for it; shared with the people API. */
export async function applyIssueEdit(
  env: Env,
  repo: Repository,
  issue: Issue,
  editor: Account,
  patch: { title?: string | number | null; body?: string | null; state?: "open" | "closed"; state_reason?: Issue["stateReason"]; labels?: Array<string | { name?: string }> },
  options: { wait: boolean },
): Promise<{ reply: Reply; deliveries: Delivery[] }> {
  const now = env.clock.iso();
  const changes: Record<string, { from: string }> = {};
  if (patch.title !== undefined && patch.title !== null && String(patch.title) !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = String(patch.title);
  }
  if (patch.body !== undefined && (patch.body ?? null) !== issue.body) {
    changes.body = { from: issue.body ?? "" };
    issue.body = patch.body ?? null;
  }
  const stateChange = patch.state !== undefined && patch.state !== issue.state ? patch.state : null;
  if (stateChange === "closed") {
    issue.state = "closed";
    issue.stateReason = patch.state_reason ?? "completed";
    issue.closedAt = now;
    issue.closedBy = editor.login;
  } else if (stateChange === "open") {
    issue.state = "open";
    issue.stateReason = "reopened";
    issue.closedAt = null;
  }
  let added: string[] = [];
  if (patch.labels !== undefined) {
    const names = ensureLabels(env.state, repo, patch.labels);
    added = names.filter((n) => !issue.labels.some((l) => l.toLowerCase() === n.toLowerCase()));
    issue.labels = names;
  }
  const changed = Object.keys(changes).length > 0 || stateChange !== null || added.length > 0;
  if (changed) issue.updatedAt = now;
  const deliveries: Delivery[] = [];
  if (Object.keys(changes).length > 0) deliveries.push(...(await emitIssueEvent(env, repo, issue, "edited", editor, { changes }, options)));
  if (stateChange) deliveries.push(...(await emitIssueEvent(env, repo, issue, stateChange === "closed" ? "closed" : "reopened", editor, {}, options)));
  if (added.length) deliveries.push(...(await emitLabeled(env, repo, issue, added, editor, options)));
  return { reply: json(200, issueShape(repo, issue, env.ctx)), deliveries };
}

function mayEdit(state: EmulatorState, req: ApiRequest, repo: Repository, issue: Issue): Reply | null {
  if (req.actor.kind !== "user") return null;
  if (issue.author.toLowerCase() === req.actor.login.toLowerCase()) return null;
  return roleAtLeast(roleOf(state, repo, req.actor.login), "triage") ? null : error(403, "Resource not accessible by personal access token");
}

function checkBody(body: string | null | undefined): Reply | null {
  if (typeof body === "string" && body.length > MAX_BODY) {
    return validationFailed("Validation Failed", [{ resource: "Issue", code: "custom", field: "body", message: `body is too long (maximum is ${MAX_BODY} characters)` }]);
  }
  return null;
}

/** Attaching a label that does not exist creates it, as GitHub does. Returns canonical names. */
export function ensureLabels(state: EmulatorState, repo: Repository, labels: Array<string | { name?: string }>): string[] {
  const names: string[] = [];
  for (const entry of labels) {
    const name = typeof entry === "string" ? entry : entry.name;
    if (!name) continue;
    let label = repo.labels.get(name.toLowerCase());
    if (!label) {
      label = { id: state.nextId("label"), name, color: "ededed", description: null };
      repo.labels.set(name.toLowerCase(), label);
    }
    if (!names.includes(label.name)) names.push(label.name);
  }
  return names;
}
