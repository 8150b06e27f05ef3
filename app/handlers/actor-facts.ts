// The facts about a person that who-may-do-what turns on, read from GitHub at the moment of the
// request: repository permission and active team memberships (a pending invitation is not
// membership). core/permissions.ts decides, and says which teams are worth asking about.
import type { ActorFacts, Requirement } from "../../core/permissions.js";
import { needsPermission, teamsToCheck } from "../../core/permissions.js";
import type { Settings } from "../../core/model.js";
import type { GitHubPort } from "../../port/github-port.js";

/** The `org/slug` teams among `teams` that `login` is an active member of. */
export async function activeTeams(port: GitHubPort, teams: string[], login: string): Promise<string[]> {
  const active: string[] = [];
  for (const team of teams) {
    const [org, slug] = team.split("/");
    if (org && slug && (await port.isActiveTeamMember(org, slug, login))) active.push(team);
  }
  return active;
}

/** What the core needs to decide whether `login` may run a command with this requirement. */
export async function commandActor(port: GitHubPort, settings: Settings, requirement: Requirement, login: string): Promise<ActorFacts> {
  const permission = needsPermission(requirement) ? (await port.permission(login)).permission : null;
  return { login, permission, activeTeams: await activeTeams(port, teamsToCheck(settings, requirement, login, permission), login) };
}
