// Who someone is to a repository or a team: collaborator permission (the legacy
// admin|write|read|none plus the real role_name) and team membership (active or pending).
// Team membership needs the organization `members` permission, which a workflow's
// GITHUB_TOKEN never has.

import { roleOf } from "../access.js";
import { error, json, notAccessible, notFound } from "../replies.js";
import { simpleUser } from "../shapes/common.js";
import type { RepoRole } from "../state.js";
import { isRepository, NEEDS, repoFor } from "./helpers.js";
import type { HandlerTable } from "./types.js";

const LEGACY: Record<RepoRole, "admin" | "write" | "read"> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read" };

export const peopleRoutes: HandlerTable = {
  "repos/get-collaborator-permission-level": (req, env) => {
    const repo = repoFor(req, env, NEEDS.metadata);
    if (!isRepository(repo)) return repo;
    const account = env.state.account(req.params.username ?? "");
    if (!account || account.type !== "User") return error(404, `${req.params.username} is not a user`);
    const role = roleOf(env.state, repo, account.login);
    const permission = role ? LEGACY[role] : "none";
    const user = simpleUser(account, env.ctx.urls);
    return json(200, {
      permission,
      role_name: role ?? "none",
      user: {
        ...user,
        permissions: { admin: role === "admin", maintain: role === "admin" || role === "maintain", push: permission === "admin" || permission === "write", triage: role !== null && role !== "read", pull: role !== null },
        role_name: role ?? "none",
      },
    });
  },

  "teams/get-membership-for-user-in-org": (req, env) => {
    const actor = req.actor;
    const org = req.params.org ?? "";
    if (actor.kind === "actions") return notAccessible();
    if (actor.kind === "app") return error(403, "A JSON web token cannot access organization resources: request an installation access token first");
    if (actor.kind === "installation") {
      const inst = env.state.installations.get(actor.installationId);
      if (!inst || inst.account.toLowerCase() !== org.toLowerCase()) return notFound();
      if (!inst.permissions.members) return notAccessible();
    }
    const team = env.state.team(org, req.params.team_slug ?? "");
    if (!team) return notFound();
    const membership = team.members.get((req.params.username ?? "").toLowerCase());
    if (!membership) return notFound();
    return json(200, {
      url: `${env.ctx.urls.api}/organizations/${team.org}/team/${team.id}/memberships/${req.params.username}`,
      role: membership.role,
      state: membership.state,
    });
  },
};
