// Comment bodies. Everything a person typed (reasons, names from the plan, blocker messages that
// quote them) goes through the Markdown escaper; only the mentions of role holders, which come
// from the settings on the default branch, are meant to notify.
import { escapeMarkdownInline } from "../markdown/escape.js";
import { mentionRoles, roleMentions } from "../mentions.js";
import type { Settings, Stage } from "../model.js";

export const text = (words: string): string => escapeMarkdownInline(words);

/** `cc @pam @acme/sre` on its own paragraph, or nothing when no one holds those roles. */
export function ccLine(settings: Settings, roles: string[]): string {
  const mentions = mentionRoles(settings, roles);
  return mentions === "" ? "" : `\n\ncc ${mentions}`;
}

/**
 * Who must act now that `stage` is entered, then the cc: `👤 Next: the exit checklist of ten —
 * @omar (operations-lead), @pam (product-manager). cc @acme/sre`. Each person or team is mentioned
 * once: this announcement of the stage is the one message of the episode that notifies them;
 * refusals and the issue name them afterwards without a fresh ping.
 */
export function handoffLine(settings: Settings, stage: Stage | undefined, notify: string[]): string {
  const seen = new Set<string>();
  const roles = [...new Set((stage?.exit ?? []).map((item) => item.role))];
  const due = roles.flatMap((role) => {
    const who = roleMentions(settings, [role], seen);
    return who.length === 0 ? [] : [`${who.join(" ")} (${text(role)})`];
  });
  const cc = roleMentions(settings, notify, seen);
  const parts: string[] = [];
  if (stage !== undefined && due.length > 0) parts.push(`👤 Next: the exit checklist of ${text(stage.name)}, ticked in this issue by ${due.join(", ")}.`);
  if (cc.length > 0) parts.push(`cc ${cc.join(" ")}`);
  return parts.length === 0 ? "" : `\n\n${parts.join("\n\n")}`;
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
