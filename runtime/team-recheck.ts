// The teams a promotion counts on, read again just before it is decided: GitHub tells stagegate
// nothing when someone leaves a team, so an approval given as a member may no longer be one.
// core/engine/role-recheck.ts says which teams (none unless a promotion or the start is about to
// be decided, so a run with nothing to promote costs no call) and why an unreadable team leaves
// the recorded approvals standing; eligibility does the refusing.
import { teamsToRecheck } from "../core/engine/role-recheck.js";
import type { UnreadTeam } from "../core/engine/context.js";
import type { GitHubPort } from "../port/github-port.js";
import type { StepInputs } from "./apply-step.js";

/** The inputs with `teamMembers` (teams read) and `unreadTeams` (teams the token may not read). */
export async function withTeamsRechecked<I extends StepInputs>(port: GitHubPort, inputs: I): Promise<I> {
  const teams = teamsToRecheck(inputs);
  if (teams.length === 0) return inputs;
  const rosters = await Promise.all(
    teams.map(async (team) => {
      const [org = "", slug = ""] = team.split("/");
      return { team, roster: await port.listTeamMembers(org, slug) };
    }),
  );
  const teamMembers: Record<string, readonly string[]> = {};
  const unreadTeams: UnreadTeam[] = [];
  for (const { team, roster } of rosters) {
    if (roster.readable) teamMembers[team] = roster.logins;
    else unreadTeams.push({ team, status: roster.status });
  }
  return { ...inputs, teamMembers, unreadTeams };
}
