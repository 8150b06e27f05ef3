// Mentions of the people who hold a role. These come from the settings on the default branch,
// which only the repository's maintainers control, so unlike user text they are meant to notify.
import { escapeMarkdownInline } from "./markdown/escape.js";
import type { Settings } from "./model.js";

// GitHub logins: letters, digits and hyphens, at most 39 characters. Team slugs add `_` and `.`.
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const TEAM = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * `@pam @acme/sre`: the users and teams of the named roles, in role order, each once (logins
 * compare case-insensitively, as GitHub does). Unknown roles add nothing. A name that is not a
 * valid login or team is shown as escaped text, so a typo in the settings cannot inject
 * Markdown, and is visible rather than silently dropped.
 */
export function mentionRoles(settings: Settings, roles: string[]): string {
  return roleMentions(settings, roles).join(" ");
}

/** mentionRoles as a list, leaving out anyone already in `seen` (lower-cased) and adding the rest to it. */
export function roleMentions(settings: Settings, roles: string[], seen = new Set<string>()): string[] {
  const out: string[] = [];
  const add = (name: string, valid: RegExp) => {
    const id = name.toLowerCase();
    if (seen.has(id)) return;
    seen.add(id);
    out.push(valid.test(name) ? `@${name}` : escapeMarkdownInline(`@${name}`));
  };
  for (const role of roles) {
    const holders = Object.hasOwn(settings.roles, role) ? settings.roles[role] : undefined;
    if (holders === undefined) continue;
    for (const user of holders.users) add(user, LOGIN);
    for (const team of holders.teams) add(team, TEAM);
  }
  return out;
}
