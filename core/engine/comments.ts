// Comment bodies. Everything a person typed (reasons, names from the plan, blocker messages that
// quote them) goes through the Markdown escaper; only the mentions of role holders, which come
// from the settings on the default branch, are meant to notify.
import { escapeMarkdownInline } from "../markdown/escape.js";
import { mentionRoles } from "../mentions.js";
import type { Settings } from "../model.js";

export const text = (words: string): string => escapeMarkdownInline(words);

/** `cc @pam @acme/sre` on its own paragraph, or nothing when no one holds those roles. */
export function ccLine(settings: Settings, roles: string[]): string {
  const mentions = mentionRoles(settings, roles);
  return mentions === "" ? "" : `\n\ncc ${mentions}`;
}

/** A headline with an emoji, the escaped sentence, then the cc. */
export function commentBody(emoji: string, headline: string, sentence: string, cc: string): string {
  return `${emoji} **${headline}**: ${text(sentence)}${cc}`;
}

/**
 * An outcome message (plain text: sentences, and `- ` lines listing blockers) as safe Markdown
 * for a reply: each line escaped, the list kept a list. Outcome messages quote plan titles,
 * pause reasons and provider errors, so they must not be posted raw.
 */
export function outcomeMarkdown(message: string): string {
  return message
    .split("\n")
    .map((line) => (line.startsWith("- ") ? `- ${text(line.slice(2))}` : text(line)))
    .join("\n");
}

/**
 * An outcome message on one line, for the Action's outputs and tables: the listed blockers
 * follow the headline, separated by `; `.
 */
export function outcomeLine(message: string): string {
  return message
    .split("\n")
    .map((line) => line.replace(/^\s*-\s+/, "").trim())
    .filter((line) => line !== "")
    .join("; ")
    .replace(/:;/g, ":");
}
