// Small pieces of text the tracking issue is made of. Anything that may hold text a person
// typed (titles, reasons, names) goes through escapeMarkdownInline.
import { formatInstant } from "../engine/wording.js";
import { escapeMarkdownInline, type EscapeOptions } from "../markdown/escape.js";
import type { Status } from "../model.js";

export const text = (s: string, options?: EscapeOptions): string => escapeMarkdownInline(s, options);

/** `2026-11-30 16:02 UTC`, or the text as written (escaped) when it is not a time. */
export function when(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formatInstant(ms) : text(iso);
}

const CELLS = 10;

/** `█████░░░░░ 50%`: one cell per 10%, a half cell for a remainder of 5% or more. */
export function progressBar(percent: number): string {
  const clamped = Math.min(100, Math.max(0, percent));
  const full = Math.floor(clamped / 10);
  const half = clamped - full * 10 >= 5 ? 1 : 0;
  return `${"█".repeat(full)}${"▌".repeat(half)}${"░".repeat(CELLS - full - half)} ${percent}%`;
}

const STATUS: Record<Status, string> = {
  "awaiting-signoff": "📝 awaiting sign-off",
  progressing: "🟢 progressing",
  paused: "⏸️ paused",
  "rolled-back": "⏪ rolled back",
  complete: "✅ complete",
};

export function statusLabel(status: Status): string {
  return STATUS[status];
}

// GitHub logins: a mention of the person who ticked is wanted (it links to them); anything else
// that ended up in `by` (a hand-edited state file) is shown as plain text.
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;

export function person(login: string): string {
  return LOGIN.test(login) ? `@${login}` : text(login);
}

/** A table row from cells that are already safe Markdown. */
export function row(cells: string[]): string {
  return `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
}

/**
 * A link to a committed file on the default branch (`HEAD` names it on GitHub). Without the
 * repository's address the link is relative: from an issue (`…/acme/music/issues/2`), `../blob/…`
 * is the repository's file view. Path segments are percent-encoded, so no path can end the link.
 */
export function fileLink(path: string, repoUrl?: string): string {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const base = repoUrl === undefined ? ".." : repoUrl.replace(/\/+$/, "");
  const url = `${base}/blob/HEAD/${encoded}`;
  if (repoUrl !== undefined && !/^https?:\/\//i.test(repoUrl)) return text(path);
  return `[${text(path)}](${url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})`;
}
