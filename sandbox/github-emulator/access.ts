// Who may do what. Installations and workflow tokens are limited by the permissions granted to
// them (403 "Resource not accessible by integration" otherwise); people by their repository
// role. A repository the caller cannot see answers 404, as on GitHub.

import { error, notAccessible, notFound, type Reply } from "./replies.js";
import type { Account, Actor, EmulatorState, PermissionLevel, RepoRole, Repository } from "./state.js";
import { ACTIONS_APP_ID } from "./shapes/apps.js";

const ROLE_ORDER: RepoRole[] = ["read", "triage", "write", "maintain", "admin"];

export const ACTIONS_BOT_LOGIN = "github-actions[bot]";
/** The account GitHub commits as when it writes a commit itself (contents API, web editor). */
export const WEB_FLOW_LOGIN = "web-flow";

export function roleAtLeast(role: RepoRole | null, needed: RepoRole): boolean {
  return role !== null && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);
}

/** A person's role on a repository: explicit, or admin for the owner of a personal repository. */
export function roleOf(state: EmulatorState, repo: Repository, login: string): RepoRole | null {
  const explicit = repo.roles.get(login.toLowerCase());
  if (explicit) return explicit;
  if (repo.owner.toLowerCase() === login.toLowerCase()) return "admin";
  if (!repo.private && state.account(login)?.type === "User") return "read";
  return null;
}

/** The account that API writes by this actor are attributed to. */
export function accountOf(state: EmulatorState, actor: Actor): Account | undefined {
  switch (actor.kind) {
    case "user":
      return state.account(actor.login);
    case "installation":
      return state.apps.get(actor.appId)?.bot;
    case "actions":
      return state.account(ACTIONS_BOT_LOGIN);
    case "app":
    case "anonymous":
      return undefined;
  }
}

/** The GitHub App an actor acts as (for check-run ownership), or null for people. */
export function appIdOf(actor: Actor): number | null {
  if (actor.kind === "installation" || actor.kind === "app") return actor.appId;
  if (actor.kind === "actions") return ACTIONS_APP_ID;
  return null;
}

export interface Need {
  /** Installation/token permission scope, e.g. `contents`, `issues`, `checks`. */
  scope: string;
  level: PermissionLevel;
  /** Minimum repository role for a person. */
  role: RepoRole;
}

const satisfies = (granted: PermissionLevel | undefined, level: PermissionLevel) => granted === "write" || (granted === "read" && level === "read");

/** null when allowed, else the reply GitHub gives. */
export function checkRepoAccess(state: EmulatorState, actor: Actor, repo: Repository, need: Need): Reply | null {
  switch (actor.kind) {
    case "anonymous":
      return error(401, "Requires authentication");
    case "app":
      return error(403, "A JSON web token cannot access repository resources: request an installation access token first");
    case "installation": {
      const inst = state.installations.get(actor.installationId);
      if (!inst || state.installationFor(repo, actor.appId)?.id !== inst.id) return notFound();
      return satisfies(inst.permissions[need.scope], need.level) ? null : notAccessible();
    }
    case "actions":
      if (actor.repo.toLowerCase() !== repo.fullName.toLowerCase()) return repo.private ? notFound() : need.level === "read" ? null : notAccessible();
      return satisfies(actor.permissions[need.scope], need.level) ? null : notAccessible();
    case "user": {
      const role = roleOf(state, repo, actor.login);
      if (role === null) return notFound();
      if (roleAtLeast(role, need.role)) return null;
      return need.scope === "contents" ? error(403, `Permission to ${repo.fullName}.git denied to ${actor.login}.`) : error(403, "Must have admin rights to Repository.");
    }
  }
}
