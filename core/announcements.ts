// Announcements are derived from the state's history, not remembered by whoever made the commit.
// Each history entry that deserves a comment on the tracking issue (a start, a promotion, a
// rollback, a pause, a resume) has a key that stays the same however often the file is read
// back, and its announcement carries that key hidden in its body. Deciding which announcements
// are missing is this pure function: any later run or event that touches the rollout posts the
// ones a process that died after its commit never posted, each exactly once.
//
// Reading every comment of every tracking issue on every run would cost a request per rollout,
// so the tracking issue's body records (hidden, like its rollout marker) the key of the newest
// entry known announced. A run whose state has nothing newer than that record reads no comment
// at all; only when it does are the comments listed, to tell a lost announcement from one posted
// just before the record was written.
import type { Effect } from "./effects.js";
import type { HistoryAction, HistoryEntry } from "./model.js";

export type CommentEffect = Extract<Effect, { type: "comment" }>;

/** The history actions that are announced on the tracking issue. */
export const ANNOUNCED_ACTIONS: ReadonlySet<HistoryAction> = new Set<HistoryAction>(["start", "promote", "force-promote", "rollback", "pause", "resume"]);

/** At most this many announcements per run: a long backlog is posted over several runs, oldest first. */
export const ANNOUNCEMENTS_PER_RUN = 5;

/**
 * An entry committed by another process this recently is left to that process: it is posting
 * the announcement right now, and posting it here too would say it twice.
 */
export const ANNOUNCEMENT_GRACE_MS = 2 * 60_000;

/**
 * The key of a history entry: its time, its action, and how many entries before it share both
 * (two alerts can open in one run). Entries are only ever appended, so a key never changes.
 */
export function historyKey(history: readonly HistoryEntry[], index: number): string {
  const entry = history[index];
  if (entry === undefined) throw new RangeError(`no history entry ${index}`);
  const same = history.slice(0, index).filter((h) => h.at === entry.at && h.action === entry.action).length;
  return `${entry.action}@${entry.at}${same > 0 ? `#${same}` : ""}`;
}

/** The hidden line an announcement carries. The rollout is percent-encoded, as in its marker. */
export function announcementMarker(rollout: string, key: string): string {
  return `<!-- stagegate:announce ${encodeURIComponent(rollout)} ${key} -->`;
}

const ANNOUNCE = /<!-- stagegate:announce (\S+) (\S+) -->/g;

/** The keys of `rollout`'s announcements a comment body carries. */
export function announcedKeysIn(rollout: string, body: string): string[] {
  const name = encodeURIComponent(rollout);
  return [...body.matchAll(ANNOUNCE)].filter((m) => m[1] === name).map((m) => m[2] as string);
}

/** An announcement body with its key. */
export function withAnnouncementMarker(rollout: string, key: string, body: string): string {
  return `${body}\n\n${announcementMarker(rollout, key)}`;
}

/** A comment effect announcing the entry at `index` with `body`. */
export function announcementEffect(rollout: string, history: readonly HistoryEntry[], index: number, body: string): CommentEffect {
  const key = historyKey(history, index);
  return { type: "comment", body: withAnnouncementMarker(rollout, key, body), key };
}

// ---- The record in the tracking issue's body --------------------------------------------

/** What the tracking issue says was announced: nothing yet, up to a key, or no record at all. */
export type AnnouncedRecord = { kind: "none" } | { kind: "key"; key: string } | { kind: "absent" };

const RECORD = /\n*<!-- stagegate:announced (\S+) -->\n?/;

export function readAnnouncedRecord(body: string): AnnouncedRecord {
  const match = RECORD.exec(body);
  if (match === null) return { kind: "absent" };
  return match[1] === "none" ? { kind: "none" } : { kind: "key", key: match[1] as string };
}

/** The body without its record. */
export function withoutAnnouncedRecord(body: string): string {
  return body.replace(RECORD, "\n").replace(/\n+$/, "\n");
}

/** The body with its record replaced by `key` (null: nothing announced yet), after a blank line at its end. */
export function withAnnouncedRecord(body: string, key: string | null): string {
  return `${withoutAnnouncedRecord(body)}\n<!-- stagegate:announced ${key ?? "none"} -->\n`;
}

// ---- The decision -------------------------------------------------------------------------

export interface AnnouncementInput {
  history: readonly HistoryEntry[];
  /** What the tracking issue's body records (readAnnouncedRecord). */
  recorded: AnnouncedRecord;
  /** Keys known to be posted: found among the issue's comments by a bot, or posted by this process. */
  present: ReadonlySet<string>;
  /** Whether `present` holds a listing of the issue's comments (not only what this process posted). */
  listed: boolean;
  /** Keys of entries this process has just committed: announced at once, without a listing. */
  own: ReadonlySet<string>;
  now: Date;
}

export interface Announcement {
  key: string;
  /** The index of the entry in the history. */
  index: number;
}

export type AnnouncementDecision =
  /** Some entry may have been announced by someone else: list the issue's comments, then decide again. */
  | { kind: "list-comments" }
  /**
   * Post these, oldest first; then the issue records `record` (null: nothing announced yet;
   * undefined: the issue has no record and keeps none, see decideAnnouncements).
   */
  | { kind: "post"; announcements: Announcement[]; record: string | null | undefined };

/** The announced entries of a history, oldest first, with their keys. */
export function announcedEntries(history: readonly HistoryEntry[]): Announcement[] {
  return history.flatMap((h, index) => (ANNOUNCED_ACTIONS.has(h.action) ? [{ key: historyKey(history, index), index }] : []));
}

/**
 * Which announcements to post. Entries up to the issue's record are taken as announced; after it,
 * an entry is missing when no bot comment carries its key. An issue without a record (written
 * before records existed, or a body someone replaced) takes the history before this process's
 * own commits as announced, and gets a record only once it is announced on: an old rollout is
 * not announced all over again, and the first run after an upgrade reads and writes nothing
 * more for it. A record naming no entry of the history goes by the newest announcement among
 * the comments.
 */
export function decideAnnouncements(input: AnnouncementInput): AnnouncementDecision {
  const entries = announcedEntries(input.history);
  const anchor = anchorOf(input, entries);
  if (anchor === "list") return { kind: "list-comments" };
  if (input.recorded.kind === "absent" && !entries.slice(anchor + 1).some((e) => input.own.has(e.key))) return { kind: "post", announcements: [], record: undefined };
  const after = entries.slice(anchor + 1);
  const missing = after.filter((e) => !input.present.has(e.key));
  if (!input.listed && missing.some((e) => !input.own.has(e.key))) return { kind: "list-comments" };

  const graceEnd = input.now.getTime() - ANNOUNCEMENT_GRACE_MS;
  const due = missing.filter((e) => input.own.has(e.key) || Date.parse((input.history[e.index] as HistoryEntry).at) <= graceEnd).slice(0, ANNOUNCEMENTS_PER_RUN);
  const posted = new Set(due.map((e) => e.key));
  // The record moves up to the last entry before the first one still not announced.
  let record = anchor >= 0 ? (entries[anchor] as Announcement).key : null;
  for (const e of after) {
    if (!input.present.has(e.key) && !posted.has(e.key)) break;
    record = e.key;
  }
  return { kind: "post", announcements: due, record };
}

/** The index in `entries` up to which everything counts as announced (-1: none), or "list". */
function anchorOf(input: AnnouncementInput, entries: Announcement[]): number | "list" {
  const { recorded } = input;
  if (recorded.kind === "none") return -1;
  if (recorded.kind === "key") {
    const at = entries.findIndex((e) => e.key === recorded.key);
    if (at !== -1) return at;
  }
  const adopted = entries.findLastIndex((e) => !input.own.has(e.key));
  if (recorded.kind === "absent" || entries.length === 0) return adopted;
  // A record that names no entry (the history was rewritten by hand): the comments tell.
  if (!input.listed) return "list";
  const found = entries.findLastIndex((e) => input.present.has(e.key) && !input.own.has(e.key));
  return found !== -1 ? found : adopted;
}

/**
 * The record for an issue about to be created: the history already committed counts as
 * announced (a deleted issue is recreated without repeating it), this process's own entries not.
 */
export function recordForNewIssue(history: readonly HistoryEntry[], own: ReadonlySet<string>): string | null {
  const older = announcedEntries(history).filter((e) => !own.has(e.key));
  return older.at(-1)?.key ?? null;
}
