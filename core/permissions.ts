// Who may do what: run each comment command, tick or untick each checklist item. Every rule is
// here, as pure functions over facts the shell loads from GitHub at the moment of the request
// (repository permission, active team memberships; a pending invitation is not membership).
// Roles are defined only in the settings on the default branch, so a plan (which anyone can
// propose in a pull request) can name roles but never grant them. GitHub logins and team slugs
// are case-insensitive, so every comparison here is too. Refusals are kinds with fields; the
// sentences people read are rendered from them, naming who may.
import type { ParsedCommand } from "./commands.js";
import type { TickChange } from "./markdown/tick-diff.js";
import type { ChecklistItem, Plan, Principals, Settings } from "./model.js";

export type RepoPermission = "admin" | "write" | "read" | "none";

/** What GitHub says about the person, loaded by the shell for the teams `teamsToCheck` names. */
export interface ActorFacts {
  login: string;
  /** null when the decision does not need it (see `needsPermission`). */
  permission: RepoPermission | null;
  /** The `org/slug` teams the person is an active member of, among those asked about. */
  activeTeams: string[];
}

// ---- Roles --------------------------------------------------------------------------------

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

/** For refusals: "@quinn or @qiu", "a member of @acme/sre", "@pam or a member of @acme/sre". */
export function whoMay(settings: Settings, role: string): string {
  const principals = principalsOf(settings, role);
  if (principals === null) return `nobody yet: the role ${role} is not defined in .github/stagegate.yml`;
  return describePrincipals(principals) ?? `nobody yet: the role ${role} has no users or teams in .github/stagegate.yml`;
}

/** The principals as words, or null when there are none. */
function describePrincipals(principals: Principals): string | null {
  const parts = principals.users.map((user) => `@${user}`);
  if (principals.teams.length > 0) parts.push(`a member of ${orList(principals.teams.map((team) => `@${team}`))}`);
  return parts.length === 0 ? null : orList(parts);
}

function orList(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

// ---- Commands -----------------------------------------------------------------------------

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

/** Whether the decision needs the person's repository permission at all. */
export const needsPermission = (requirement: Requirement): boolean => requirement !== "anyone";

const SUFFICIENT: Record<Exclude<Requirement, "anyone">, ReadonlySet<RepoPermission>> = {
  "promoter-or-admin": new Set(["admin"]),
  "write-or-role": new Set(["admin", "write"]),
};

/** The principals that grant the requirement besides repository permission. */
function grantedBy(settings: Settings, requirement: Exclude<Requirement, "anyone">): Principals[] {
  return requirement === "promoter-or-admin" ? [settings.promoters] : Object.values(settings.roles);
}

/**
 * The teams whose membership could still change the decision, given the permission: none when
 * the permission or a listing by name already allows it, so no membership is looked up in vain.
 */
export function teamsToCheck(settings: Settings, requirement: Requirement, login: string, permission: RepoPermission | null): string[] {
  if (requirement === "anyone" || (permission !== null && SUFFICIENT[requirement].has(permission))) return [];
  const principals = grantedBy(settings, requirement);
  if (principals.some((p) => holdsRole({ users: p.users, teams: [] }, login, []))) return [];
  return [...new Set(principals.flatMap((p) => p.teams))];
}

export type CommandAuthorization =
  | { kind: "allowed" }
  | { kind: "needs-promoter"; login: string; promoters: string | null }
  | { kind: "needs-write-or-role"; login: string; roles: string[] };

export function authorizeCommand(settings: Settings, requirement: Requirement, actor: ActorFacts): CommandAuthorization {
  if (requirement === "anyone") return { kind: "allowed" };
  if (actor.permission !== null && SUFFICIENT[requirement].has(actor.permission)) return { kind: "allowed" };
  if (grantedBy(settings, requirement).some((p) => holdsRole(p, actor.login, actor.activeTeams))) return { kind: "allowed" };
  if (requirement === "promoter-or-admin") return { kind: "needs-promoter", login: actor.login, promoters: describePrincipals(settings.promoters) };
  return { kind: "needs-write-or-role", login: actor.login, roles: Object.keys(settings.roles) };
}

/** The polite refusal; `what` names the command as written (`` `/pause` ``). */
export function refusalText(refusal: Exclude<CommandAuthorization, { kind: "allowed" }>, what: string): string {
  if (refusal.kind === "needs-promoter") {
    return `Sorry @${refusal.login}, ${what} is reserved for ${refusal.promoters === null ? "" : `the promoters (${refusal.promoters}) and `}repository admins. Without \`--force\`, \`/promote\` is open to anyone with write access or a role.`;
  }
  return `Sorry @${refusal.login}, ${what} needs write access to this repository or a role in \`.github/stagegate.yml\` (${refusal.roles.join(", ") || "no roles are defined yet"}).`;
}

// ---- Ticks ----------------------------------------------------------------------------------

/** Where a tick lands: before the start on the plan PR's sign-off checks, after it in the state file. */
export type TickPhase = "before-start" | "started";

export type TickVerdict =
  | { kind: "accepted"; item: ChecklistItem }
  | { kind: "unknown-item"; key: string }
  | { kind: "not-role-holder"; item: ChecklistItem; checked: boolean; whoMay: string }
  | { kind: "exit-before-start"; item: ChecklistItem; stage: string };

/** The plan's item a change ticks, or null when the plan has no such item. */
function tickedItem(plan: Plan, change: TickChange): ChecklistItem | null {
  const ref = change.ref;
  if (ref.kind === "signoff") return plan.signoff.find((i) => i.id === ref.id) ?? null;
  return plan.stages.find((s) => s.name === ref.stage)?.exit.find((i) => i.id === ref.id) ?? null;
}

/** The teams whose membership decides whether `login` may make this change (none when listed by name). */
export function tickTeamsToCheck(settings: Settings, plan: Plan, change: TickChange, login: string): string[] {
  const item = tickedItem(plan, change);
  const principals = item === null ? null : principalsOf(settings, item.role);
  if (principals === null || holdsRole({ users: principals.users, teams: [] }, login, [])) return [];
  return [...principals.teams];
}

/**
 * Whether a tick or untick stands. Only holders of the item's role may change it; exit items
 * belong to stages, so they cannot be ticked before the rollout has started.
 */
export function judgeTick(settings: Settings, plan: Plan, phase: TickPhase, change: TickChange, actor: Pick<ActorFacts, "login" | "activeTeams">): TickVerdict {
  const item = tickedItem(plan, change);
  if (item === null) return { kind: "unknown-item", key: change.key };
  const principals = principalsOf(settings, item.role);
  if (principals === null || !holdsRole(principals, actor.login, actor.activeTeams)) return { kind: "not-role-holder", item, checked: change.checked, whoMay: whoMay(settings, item.role) };
  if (phase === "before-start" && change.ref.kind === "exit") return { kind: "exit-before-start", item, stage: change.ref.stage };
  return { kind: "accepted", item };
}

/** What the person who ticked is told about a change that did not stand; null when it stood. */
export function tickRefusalText(verdict: TickVerdict): string | null {
  switch (verdict.kind) {
    case "accepted":
      return null;
    case "unknown-item":
      return `${verdict.key} is not an item of the plan any more; I put the box back.`;
    case "not-role-holder": {
      const { item, checked } = verdict;
      return `**${item.title}** needs the ${item.role} role: only ${verdict.whoMay} may ${checked ? "tick" : "untick"} it. ${checked ? "I unticked it again" : "I ticked it again"}.`;
    }
    case "exit-before-start":
      return `**${verdict.item.title}** is an exit item of stage ${verdict.stage}: it can be ticked once the rollout has started. I put the box back.`;
  }
}
