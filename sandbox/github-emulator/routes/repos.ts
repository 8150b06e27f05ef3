// Repository metadata, branches, commits and users.

import { roleAtLeast, roleOf } from "../access.js";
import { resolveRef } from "../git.js";
import { error, json, notFound } from "../replies.js";
import { simpleUser } from "../shapes/common.js";
import { commitShape } from "../shapes/commits.js";
import { repositoryShape } from "../shapes/repository.js";
import { isRepository, NEEDS, repoFor } from "./helpers.js";
import type { HandlerTable } from "./types.js";

export const repoRoutes: HandlerTable = {
  "repos/get": (req, env) => {
    const repo = repoFor(req, env, NEEDS.metadata);
    if (!isRepository(repo)) return repo;
    const shape = repositoryShape(repo, env.ctx);
    // People see their own permissions on the repository; apps do not.
    if (req.actor.kind === "user") {
      const role = roleOf(env.state, repo, req.actor.login);
      shape.permissions = { admin: roleAtLeast(role, "admin"), maintain: roleAtLeast(role, "maintain"), push: roleAtLeast(role, "write"), triage: roleAtLeast(role, "triage"), pull: roleAtLeast(role, "read") };
    }
    return json(200, shape);
  },

  "repos/get-branch": (req, env) => {
    const repo = repoFor(req, env, NEEDS.metadata);
    if (!isRepository(repo)) return repo;
    const name = req.params.branch ?? "";
    const head = repo.branches.get(name);
    if (!head) return error(404, "Branch not found");
    const api = `${env.ctx.urls.api}/repos/${repo.fullName}`;
    return json(200, {
      name,
      commit: commitShape(repo, repo.commits.get(head)!, env.ctx),
      _links: { self: `${api}/branches/${name}`, html: `${env.ctx.urls.web}/${repo.fullName}/tree/${name}` },
      protected: false,
      protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
      protection_url: `${api}/branches/${name}/protection`,
    });
  },

  "repos/get-commit": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readContents);
    if (!isRepository(repo)) return repo;
    const commit = resolveRef(repo, req.params.ref);
    if (!commit) return error(422, `No commit found for SHA: ${req.params.ref}`);
    return json(200, { ...commitShape(repo, commit, env.ctx), files: [], stats: { additions: 0, deletions: 0, total: 0 } });
  },

  "git/get-ref": (req, env) => {
    const repo = repoFor(req, env, NEEDS.readContents);
    if (!isRepository(repo)) return repo;
    const ref = req.params.ref ?? "";
    const branch = ref.replace(/^heads\//, "");
    const sha = ref.startsWith("heads/") ? repo.branches.get(branch) : undefined;
    if (!sha) return notFound();
    const api = `${env.ctx.urls.api}/repos/${repo.fullName}`;
    return json(200, { ref: `refs/${ref}`, node_id: `REF_${sha.slice(0, 12)}`, url: `${api}/git/refs/${ref}`, object: { type: "commit", sha, url: `${api}/git/commits/${sha}` } });
  },

  "users/get-by-username": (req, env) => {
    const account = env.state.account(req.params.username ?? "");
    if (!account) return notFound();
    return json(200, {
      ...simpleUser(account, env.ctx.urls),
      name: account.name,
      company: null,
      blog: "",
      location: null,
      email: account.email,
      hireable: null,
      bio: null,
      public_repos: [...env.state.repos.values()].filter((r) => r.owner.toLowerCase() === account.login.toLowerCase() && !r.private).length,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: account.createdAt,
      updated_at: account.createdAt,
    });
  },
};
