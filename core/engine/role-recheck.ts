// Team membership changes without stagegate hearing of it: someone who ticked an item as a
// member of a team may have left it since. So just before a promotion (or the start) is
// decided, the caller re-reads the teams whose members' approvals that move counts on, and
// eligibility refuses an approval by someone who is no longer in any of the role's teams (a
// `role-lapsed` blocker naming who and which team). Only then: a run with nothing to promote
// reads no team, so the clock's idle runs cost what they did.
//
// A team the token may not read (a workflow's GITHUB_TOKEN never can) is not re-checked: the
// approval stands as it was recorded, which was checked against the team when it was ticked,
// and the hand-edit check guards the file since. Holding instead would stop every team-held
// rollout the Action runs with its own token; the caller says in one line what was not checked.
import { principalsOf } from "../permissions.js";
import { currentStage, underlyingStatus, type EngineContext, type UnreadTeam } from "./context.js";
import { eligibility } from "./eligibility.js";

/**
 * The `org/slug` teams to re-read before deciding: none unless the rollout would move now with
 * the approvals as recorded (nothing but gates holds it: `--force` bypasses those), then the
 * teams of the roles whose approvals the move counts on, for approvals by someone the role does
 * not list by name.
 */
export function teamsToRecheck(ctx: EngineContext): string[] {
  const asRecorded = eligibility({ ...ctx, teamMembers: {} });
  if (asRecorded.next === null || asRecorded.blockers.some((b) => b.kind !== "gate")) return [];
  const before = underlyingStatus(ctx.state) === "awaiting-signoff";
  const items = before ? ctx.plan.signoff : (currentStage(ctx)?.exit ?? []);
  const stage = before ? null : ctx.state.stage;
  const teams = new Set<string>();
  for (const item of items) {
    const principals = principalsOf(ctx.settings, item.role);
    if (principals === null) continue;
    for (const approval of ctx.state.approvals) {
      if (approval.item !== item.id || approval.stage !== stage) continue;
      const who = approval.by.toLowerCase();
      if (principals.users.some((u) => u.toLowerCase() === who)) continue;
      for (const team of principals.teams) teams.add(team);
    }
  }
  return [...teams].sort();
}

/**
 * One line saying which teams were not re-checked and the permission that would let them be;
 * null when every team was read.
 */
export function unreadTeamsNote(unread: readonly UnreadTeam[]): string | null {
  if (unread.length === 0) return null;
  const names = unread.map((u) => `${u.team} (GitHub answered ${u.status})`).join(", ");
  const them = unread.length === 1 ? "it" : "them";
  return `Team membership was not re-checked for ${names}: the token may not read ${them} (it needs the organization permission members: read, which a workflow's GITHUB_TOKEN never has), so approvals by ${unread.length === 1 ? "its" : "their"} members count as they were recorded when ticked.`;
}
