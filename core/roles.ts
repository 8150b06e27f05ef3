// Who holds a role. Roles are defined only in the settings on the default branch, so a plan
// (which anyone can propose in a pull request) can name roles but never grant them.
// GitHub logins and team slugs are case-insensitive, so every comparison here is too.
import type { Principals, Settings } from "./model.js";

/**
 * Whether `login` holds a role with these principals. `activeTeams` are the `org/slug` teams the
 * caller has verified `login` is an active member of (pending invitations must not be passed).
 */
export function holdsRole(principals: Principals, login: string, activeTeams: string[]): boolean {
  const who = login.toLowerCase();
  if (principals.users.some((user) => user.toLowerCase() === who)) return true;
  const active = new Set(activeTeams.map((team) => team.toLowerCase()));
  return principals.teams.some((team) => active.has(team.toLowerCase()));
}

/** The principals of a role, or null when the settings do not define it. */
export function principalsOf(settings: Settings, role: string): Principals | null {
  return Object.hasOwn(settings.roles, role) ? (settings.roles[role] as Principals) : null;
}

/**
 * The teams (`org/slug`) whose membership decides whether someone holds the role: the only
 * membership look-ups the App needs to make for it.
 */
export function teamsToCheck(settings: Settings, role: string): string[] {
  return [...(principalsOf(settings, role)?.teams ?? [])];
}

/** For refusals: "@quinn or @qiu", "a member of @acme/sre", "@pam or a member of @acme/sre". */
export function whoMay(settings: Settings, role: string): string {
  const principals = principalsOf(settings, role);
  if (principals === null) return `nobody yet: the role ${role} is not defined in .github/stagegate.yml`;
  return describePrincipals(principals) ?? `nobody yet: the role ${role} has no users or teams in .github/stagegate.yml`;
}

/** The principals as words, or null when there are none. */
export function describePrincipals(principals: Principals): string | null {
  const parts = principals.users.map((user) => `@${user}`);
  if (principals.teams.length > 0) parts.push(`a member of ${orList(principals.teams.map((team) => `@${team}`))}`);
  return parts.length === 0 ? null : orList(parts);
}

function orList(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}
