// Who may do what. Roles come from the settings on the default branch; team membership and
// repository permission come from GitHub at the moment of the request (a pending invitation is
// not membership). Refusals are polite and name who may.
import type { ParsedCommand } from "../../core/commands.js";
import type { Principals, Settings } from "../../core/model.js";
import { describePrincipals, holdsRole, principalsOf } from "../../core/roles.js";
import type { GitHubPort } from "../../port/github-port.js";

/** Teams are written `org/slug`; the membership look-up needs both halves. */
async function activeTeams(port: GitHubPort, teams: string[], login: string): Promise<string[]> {
  const active: string[] = [];
  for (const team of teams) {
    const [org, slug] = team.split("/");
    if (org && slug && (await port.isActiveTeamMember(org, slug, login))) active.push(team);
  }
  return active;
}

export async function holdsPrincipals(port: GitHubPort, principals: Principals, login: string): Promise<boolean> {
  // Users first: no API call needed when the login is listed.
  if (holdsRole({ users: principals.users, teams: [] }, login, [])) return true;
  return holdsRole(principals, login, await activeTeams(port, principals.teams, login));
}

export async function holdsSettingsRole(port: GitHubPort, settings: Settings, role: string, login: string): Promise<boolean> {
  const principals = principalsOf(settings, role);
  return principals !== null && holdsPrincipals(port, principals, login);
}

async function holdsAnyRole(port: GitHubPort, settings: Settings, login: string): Promise<boolean> {
  for (const role of Object.keys(settings.roles)) {
    if (await holdsSettingsRole(port, settings, role, login)) return true;
  }
  return false;
}

export type Requirement = "anyone" | "write-or-role" | "promoter-or-admin";

export function requirementOf(command: ParsedCommand): Requirement {
  switch (command.name) {
    case "promote":
      return command.force ? "promoter-or-admin" : "write-or-role";
    case "rollback":
    case "pause":
    case "resume":
      return "write-or-role";
    default:
      return "anyone";
  }
}

export type Authorization = { ok: true } | { ok: false; message: string };

export async function authorize(port: GitHubPort, settings: Settings, login: string, requirement: Requirement, what: string): Promise<Authorization> {
  if (requirement === "anyone") return { ok: true };
  const { permission } = await port.permission(login);
  if (requirement === "promoter-or-admin") {
    if (permission === "admin" || (await holdsPrincipals(port, settings.promoters, login))) return { ok: true };
    const promoters = describePrincipals(settings.promoters);
    return {
      ok: false,
      message: `Sorry @${login}, ${what} is reserved for ${promoters === null ? "" : `the promoters (${promoters}) and `}repository admins. Without \`--force\`, \`/promote\` is open to anyone with write access or a role.`,
    };
  }
  if (permission === "admin" || permission === "write" || (await holdsAnyRole(port, settings, login))) return { ok: true };
  return {
    ok: false,
    message: `Sorry @${login}, ${what} needs write access to this repository or a role in \`.github/stagegate.yml\` (${Object.keys(settings.roles).join(", ") || "no roles are defined yet"}).`,
  };
}
