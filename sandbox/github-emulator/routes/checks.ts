// Check runs. Only GitHub Apps write them (a workflow's GITHUB_TOKEN counts as the "GitHub
// Actions" app); only the app that created a run may update it; the limits GitHub enforces
// (50 annotations per request, 65,535-character summary and text, details_url for
// action_required) answer 422 here too.

import { appIdOf } from "../access.js";
import { resolveRef } from "../git.js";
import { error, json, notFound, validationFailed, type Reply } from "../replies.js";
import { appShape } from "../shapes/apps.js";
import { nodeId } from "../shapes/common.js";
import type { CheckAnnotationData, CheckRun, Repository } from "../state.js";
import { isRepository, NEEDS, paginate, repoFor } from "./helpers.js";
import type { Env, HandlerTable } from "./types.js";

const MAX_TEXT = 65_535;
const MAX_ANNOTATIONS = 50;

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: CheckRun["status"];
  started_at?: string;
  conclusion?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: CheckAnnotationData[] };
}

export const checkRoutes: HandlerTable = {
  "checks/create": (req, env) => {
    const repo = repoFor(req, env, NEEDS.writeChecks);
    if (!isRepository(repo)) return repo;
    const appId = appIdOf(req.actor);
    if (appId === null) return error(403, "You must authenticate via a GitHub App.");
    const body = req.body as CheckRunBody;
    const commit = resolveRef(repo, body.head_sha);
    if (!commit || !commit.sha.startsWith((body.head_sha ?? "").toLowerCase())) return validationFailed(`No commit found for SHA: ${body.head_sha}`);
    const invalid = checkLimits(body, null);
    if (invalid) return invalid;
    const now = env.clock.iso();
    const run: CheckRun = {
      id: env.state.nextId("check"),
      repo: repo.fullName,
      name: body.name ?? "",
      headSha: commit.sha,
      status: "queued",
      conclusion: null,
      externalId: body.external_id ?? null,
      detailsUrl: body.details_url ?? null,
      startedAt: body.started_at ?? now,
      completedAt: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
      appId,
    };
    apply(run, body, now);
    env.state.checkRuns.set(run.id, run);
    return json(201, checkRunShape(repo, run, env));
  },

  "checks/update": (req, env) => {
    const repo = repoFor(req, env, NEEDS.writeChecks);
    if (!isRepository(repo)) return repo;
    const run = env.state.checkRuns.get(Number(req.params.check_run_id));
    if (!run || run.repo !== repo.fullName) return notFound();
    const appId = appIdOf(req.actor);
    if (appId === null) return error(403, "You must authenticate via a GitHub App.");
    if (appId !== run.appId) return error(403, "Resource not accessible by integration");
    const body = req.body as CheckRunBody;
    const invalid = checkLimits(body, run);
    if (invalid) return invalid;
    apply(run, body, env.clock.iso());
    return json(200, checkRunShape(repo, run, env));
  },

  "checks/get": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readChecks);
    if (!isRepository(repo)) return repo;
    const run = env.state.checkRuns.get(Number(req.params.check_run_id));
    return run && run.repo === repo.fullName ? json(200, checkRunShape(repo, run, env)) : notFound();
  },

  "checks/list-annotations": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readChecks);
    if (!isRepository(repo)) return repo;
    const run = env.state.checkRuns.get(Number(req.params.check_run_id));
    if (!run || run.repo !== repo.fullName) return notFound();
    const { page, headers } = paginate(
      req,
      run.annotations.map((a) => ({ start_column: null, end_column: null, title: null, raw_details: null, ...a, blob_href: `${env.ctx.urls.web}/${repo.fullName}/blob/${run.headSha}/${a.path}` })),
    );
    return json(200, page, headers);
  },

  "checks/list-for-ref": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readChecks);
    if (!isRepository(repo)) return repo;
    const commit = resolveRef(repo, req.params.ref);
    if (!commit) return validationFailed(`No commit found for SHA: ${req.params.ref}`);
    const name = req.query.get("check_name");
    const status = req.query.get("status");
    const appId = req.query.get("app_id");
    let runs = [...env.state.checkRuns.values()]
      .filter((r) => r.repo === repo.fullName && r.headSha === commit.sha)
      .filter((r) => name === null || r.name === name)
      .filter((r) => status === null || r.status === status)
      .filter((r) => appId === null || String(r.appId) === appId)
      .sort((a, b) => b.id - a.id);
    // filter=latest (the default) keeps the newest run per name and app.
    if ((req.query.get("filter") ?? "latest") === "latest") {
      const seen = new Set<string>();
      runs = runs.filter((r) => {
        const key = `${r.appId}\0${r.name}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    const { page, headers } = paginate(req, runs);
    return json(200, { total_count: runs.length, check_runs: page.map((r) => checkRunShape(repo, r, env)) }, headers);
  },
};

function checkLimits(body: CheckRunBody, existing: CheckRun | null): Reply | null {
  const annotations = body.output?.annotations ?? [];
  if (annotations.length > MAX_ANNOTATIONS) return validationFailed(`Only ${MAX_ANNOTATIONS} annotations can be sent per request; send the rest with further updates.`);
  for (const field of ["summary", "text"] as const) {
    const value = body.output?.[field];
    if (value !== undefined && value.length > MAX_TEXT) return validationFailed("Invalid request.", [`output.${field} is too long (maximum is ${MAX_TEXT} characters)`]);
  }
  const conclusion = body.conclusion ?? existing?.conclusion;
  if (conclusion === "action_required" && !(body.details_url ?? existing?.detailsUrl)) return validationFailed("Invalid request.", ["details_url is required when conclusion is action_required"]);
  if (body.status === "completed" && !conclusion) return validationFailed("Invalid request.", ["conclusion is required when status is completed"]);
  return null;
}

function apply(run: CheckRun, body: CheckRunBody, now: string): void {
  if (body.name !== undefined) run.name = body.name;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.external_id !== undefined) run.externalId = body.external_id;
  if (body.started_at !== undefined) run.startedAt = body.started_at;
  if (body.status !== undefined) run.status = body.status;
  // Sending a conclusion completes the run, whatever the status says.
  if (body.conclusion !== undefined) {
    run.conclusion = body.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") run.completedAt = body.completed_at ?? run.completedAt ?? now;
  else {
    run.conclusion = null;
    run.completedAt = null;
  }
  if (body.output) {
    if (body.output.title !== undefined) run.output.title = body.output.title;
    if (body.output.summary !== undefined) run.output.summary = body.output.summary;
    if (body.output.text !== undefined) run.output.text = body.output.text;
    // Annotations accumulate across updates, which is how more than 50 get attached.
    run.annotations.push(...(body.output.annotations ?? []));
  }
}

function checkRunShape(repo: Repository, run: CheckRun, env: Env): Record<string, unknown> {
  const api = `${env.ctx.urls.api}/repos/${repo.fullName}`;
  const pulls = [...repo.pulls.values()].filter((p) => p.headSha === run.headSha && repo.issues.get(p.number)?.state === "open");
  const repoRef = { id: repo.id, url: api, name: repo.name };
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CR", run.id),
    external_id: run.externalId ?? "",
    url: `${api}/check-runs/${run.id}`,
    html_url: `${env.ctx.urls.web}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${env.ctx.urls.web}/${repo.fullName}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id + 1 },
    app: appShape(run.appId, env.ctx),
    pull_requests: pulls.map((p) => ({
      url: `${api}/pulls/${p.number}`,
      id: p.id,
      number: p.number,
      head: { ref: p.headRef, sha: p.headSha, repo: repoRef },
      base: { ref: p.baseRef, sha: repo.branches.get(p.baseRef) ?? p.mergeBase, repo: repoRef },
    })),
  };
}
