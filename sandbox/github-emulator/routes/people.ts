// Who someone is to a repository or a team: collaborator permission (the legacy
// admin|write|read|none plus the real role_name), one person's team membership (active or
// pending) and a team's active members. Teams need the organization `members` permission, which
// a workflow's GITHUB_TOKEN never has.

import { roleOf } from "../access.js";
import { error, json, notAccessible, notFound, type Reply } from "../replies.js";
import { simpleUser } from "../shapes/common.js";
import type { RepoRole, Team } from "../state.js";
import { isRepository, NEEDS, paginate, repoFor } from "./helpers.js";
import type { ApiRequest, Env, HandlerTable } from "./types.js";

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
    if (req.actor.kind === "actions") return notAccessible();
    const team = visibleTeam(req, env);
    if (!isTeam(team)) return team;
    const membership = team.members.get((req.params.username ?? "").toLowerCase());
    if (!membership) return notFound();
    return json(200, {
      url: `${env.ctx.urls.api}/organizations/${team.org}/team/${team.id}/memberships/${req.params.username}`,
      role: membership.role,
      state: membership.state,
    });
  },

  // Active members only: a pending invitation is not membership. A workflow token is answered
  // 404, as GitHub answers it for a team it may not see (tools that read teams with
  // GITHUB_TOKEN report "Not Found", not 403), so callers must treat both as "not readable".
  "teams/list-members-in-org": (req, env) => {
    if (req.actor.kind === "actions") return notFound();
    const team = visibleTeam(req, env);
    if (!isTeam(team)) return team;
    const role = req.query.get("role") ?? "all";
    const members = [...team.members.entries()]
      .filter(([, m]) => m.state === "active" && (role === "all" || m.role === role))
      .flatMap(([login, m]) => {
        const account = env.state.account(login);
        return account === undefined ? [] : [{ ...simpleUser(account, env.ctx.urls), role: m.role, inherited: false }];
      });
    const { page, headers } = paginate(req, members);
    return json(200, page, headers);
  },
};

/** The team named by the request, if the caller (an App installation on its org with `members`, or a person) may read it. */
function visibleTeam(req: ApiRequest, env: Env): Team | Reply {
  const actor = req.actor;
  const org = req.params.org ?? "";
  if (actor.kind === "app") return error(403, "A JSON web token cannot access organization resources: request an installation access token first");
  if (actor.kind === "installation") {
    const inst = env.state.installations.get(actor.installationId);
    if (!inst || inst.account.toLowerCase() !== org.toLowerCase()) return notFound();
    if (!inst.permissions.members) return notAccessible();
  }
  return env.state.team(org, req.params.team_slug ?? "") ?? notFound();
}

function isTeam(value: Team | Reply): value is Team {
  return "slug" in value;
}
