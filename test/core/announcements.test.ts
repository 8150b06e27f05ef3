// Which announcements a run posts, decided from the history alone: every start, promotion,
// rollback, pause and resume exactly once, the ones a dead process left out by whichever run
// comes next, never a flood, and no comment read when the issue's record says all is posted.
import { describe, expect, it } from "vitest";
import {
  ANNOUNCEMENT_GRACE_MS,
  ANNOUNCEMENTS_PER_RUN,
  announcedKeysIn,
  decideAnnouncements,
  historyKey,
  readAnnouncedRecord,
  recordForNewIssue,
  withAnnouncedRecord,
  withAnnouncementMarker,
  type AnnouncementInput,
} from "../../core/announcements.js";
import { announcementsToPost } from "../../core/engine/announcement-body.js";
import { pause, promote } from "../../core/engine/index.js";
import type { HistoryEntry } from "../../core/model.js";
import { ctx, DAY, HOUR, MONDAY_10AM, state } from "./engine/fixtures.js";

const entry = (at: string, action: HistoryEntry["action"], to: string | null = null): HistoryEntry => ({ at, action, from: null, to, by: "stagegate", reason: "r" });

const HISTORY: HistoryEntry[] = [
  entry("2026-12-01T10:00:00Z", "start", "internal"),
  entry("2026-12-01T11:00:00Z", "approve"),
  entry("2026-12-02T10:00:00Z", "promote", "beta"),
  entry("2026-12-02T12:00:00Z", "alert"),
  entry("2026-12-02T12:00:00Z", "alert"),
  entry("2026-12-03T10:00:00Z", "pause"),
];
const NOW = new Date("2026-12-04T10:00:00Z");
const [START, PROMOTE, PAUSE] = ["start@2026-12-01T10:00:00Z", "promote@2026-12-02T10:00:00Z", "pause@2026-12-03T10:00:00Z"];

function decide(overrides: Partial<AnnouncementInput>) {
  return decideAnnouncements({ history: HISTORY, recorded: { kind: "none" }, present: new Set(), listed: false, own: new Set(), now: NOW, ...overrides });
}

describe("history keys", () => {
  it("name an entry by its time and action, and count entries that share both", () => {
    expect(historyKey(HISTORY, 0)).toBe(START);
    expect(historyKey(HISTORY, 3)).toBe("alert@2026-12-02T12:00:00Z");
    expect(historyKey(HISTORY, 4)).toBe("alert@2026-12-02T12:00:00Z#1");
    // Appending never changes an earlier key.
    expect(historyKey([...HISTORY, entry("2026-12-05T10:00:00Z", "resume")], 2)).toBe(PROMOTE);
  });

  it("are read back from a comment only for their own rollout", () => {
    const body = withAnnouncementMarker("playlist editor", PROMOTE, "🚀 **Promoted**");
    expect(announcedKeysIn("playlist editor", body)).toEqual([PROMOTE]);
    expect(announcedKeysIn("playlist", body)).toEqual([]);
  });
});

describe("the record in the issue body", () => {
  it("is one hidden last line, replaced in place", () => {
    const body = withAnnouncedRecord("# Rollout\n", PROMOTE);
    expect(body).toBe(`# Rollout\n\n<!-- stagegate:announced ${PROMOTE} -->\n`);
    expect(readAnnouncedRecord(body)).toEqual({ kind: "key", key: PROMOTE });
    expect(withAnnouncedRecord(body, null)).toBe("# Rollout\n\n<!-- stagegate:announced none -->\n");
    expect(readAnnouncedRecord("# Rollout\n")).toEqual({ kind: "absent" });
  });
});

describe("deciding what to announce", () => {
  it("reads no comment when the record is at the newest announced entry", () => {
    expect(decide({ recorded: { kind: "key", key: PAUSE } })).toEqual({ kind: "post", announcements: [], record: PAUSE });
  });

  it("asks for the comments when an entry after the record may have been posted by someone else", () => {
    expect(decide({ recorded: { kind: "key", key: START } })).toEqual({ kind: "list-comments" });
  });

  it("posts what no bot comment carries, oldest first, and moves the record past it", () => {
    const d = decide({ recorded: { kind: "key", key: START }, present: new Set([PAUSE]), listed: true });
    expect(d).toEqual({ kind: "post", announcements: [{ key: PROMOTE, index: 2 }], record: PAUSE });
    // Run again after posting: nothing more.
    expect(decide({ recorded: { kind: "key", key: PAUSE }, present: new Set([PROMOTE, PAUSE]), listed: true })).toEqual({ kind: "post", announcements: [], record: PAUSE });
  });

  it("posts a step's own entries at once, without reading comments", () => {
    expect(decide({ recorded: { kind: "key", key: PROMOTE }, own: new Set([PAUSE]) })).toEqual({ kind: "post", announcements: [{ key: PAUSE, index: 5 }], record: PAUSE });
  });

  it("leaves an entry another process committed a moment ago to that process", () => {
    const recent = [...HISTORY, entry("2026-12-04T09:59:00Z", "resume")];
    const d = decide({ history: recent, recorded: { kind: "key", key: PAUSE }, listed: true, present: new Set() });
    expect(d).toEqual({ kind: "post", announcements: [], record: PAUSE });
    const later = new Date(Date.parse("2026-12-04T09:59:00Z") + ANNOUNCEMENT_GRACE_MS);
    expect(decide({ history: recent, recorded: { kind: "key", key: PAUSE }, listed: true, now: later })).toMatchObject({ announcements: [{ key: "resume@2026-12-04T09:59:00Z" }] });
  });

  it("never posts more than a few in one run: a backlog goes out over several, oldest first", () => {
    const many = Array.from({ length: 12 }, (_, i) => entry(`2026-12-01T${String(10 + i).padStart(2, "0")}:00:00Z`, i % 2 === 0 ? "pause" : "resume"));
    const first = decide({ history: many, listed: true });
    expect(first.kind === "post" && first.announcements.map((a) => a.index)).toEqual([0, 1, 2, 3, 4].slice(0, ANNOUNCEMENTS_PER_RUN));
    const record = first.kind === "post" ? first.record : null;
    expect(record).toBe(historyKey(many, ANNOUNCEMENTS_PER_RUN - 1));
    const second = decide({ history: many, recorded: { kind: "key", key: record ?? "" }, listed: true, present: new Set(many.slice(0, 5).map((_, i) => historyKey(many, i))) });
    expect(second.kind === "post" && second.announcements.map((a) => a.index)).toEqual([5, 6, 7, 8, 9]);
  });

  it("takes an issue with no record as announced so far: reads nothing, writes nothing, until a step of its own", () => {
    // An issue from before records existed, or a body someone replaced: an upgrade costs nothing.
    expect(decide({ recorded: { kind: "absent" } })).toEqual({ kind: "post", announcements: [], record: undefined });
    expect(decide({ recorded: { kind: "absent" }, own: new Set([PAUSE]) })).toEqual({ kind: "post", announcements: [{ key: PAUSE, index: 5 }], record: PAUSE });
  });

  it("goes by the comments when the record names no entry of the history", () => {
    const recorded = { kind: "key", key: "promote@2020-01-01T00:00:00Z" } as const;
    expect(decide({ recorded })).toEqual({ kind: "list-comments" });
    expect(decide({ recorded, listed: true, present: new Set([PROMOTE]) })).toEqual({ kind: "post", announcements: [{ key: PAUSE, index: 5 }], record: PAUSE });
    expect(decide({ recorded, listed: true })).toEqual({ kind: "post", announcements: [], record: PAUSE });
  });

  it("does not re-post an announcement someone deleted once the record has passed it", () => {
    // The record says the promotion was posted; its comment is gone: nothing is read or posted.
    expect(decide({ recorded: { kind: "key", key: PAUSE }, listed: true, present: new Set([START]) })).toEqual({ kind: "post", announcements: [], record: PAUSE });
  });

  it("starts a recreated issue with the history so far as announced, and the step's own entries not", () => {
    expect(recordForNewIssue(HISTORY, new Set())).toBe(PAUSE);
    expect(recordForNewIssue(HISTORY, new Set([PAUSE]))).toBe(PROMOTE);
    expect(recordForNewIssue([], new Set())).toBeNull();
  });
});

describe("the words of an announcement posted late", () => {
  it("are the words the committing step would have posted", () => {
    const promoted = promote(ctx(state("ten", MONDAY_10AM - 2 * DAY), MONDAY_10AM), { by: "pam", force: null });
    const paused = pause(ctx(promoted.state, MONDAY_10AM + HOUR), { by: "pam", reason: "support is short" });
    const own = [...promoted.effects, ...paused.effects].filter((e) => e.type === "comment");
    const history = paused.state.history;
    const late = announcementsToPost(ctx(paused.state, MONDAY_10AM).settings, ctx(paused.state, MONDAY_10AM).plan, {
      history,
      recorded: { kind: "none" },
      present: new Set(),
      listed: true,
      own: new Map(),
      now: new Date(MONDAY_10AM + DAY),
    });
    expect(late).toEqual({ kind: "post", effects: own, record: historyKey(history, 1) });
  });
});
