import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RolloutState } from "../../../core/model.js";
import { parseState } from "../../../core/state/parse-state.js";
import { serializeState } from "../../../core/state/serialize-state.js";
import { QUARTER, STATE_FILE } from "./spec-example.js";

const FILE = STATE_FILE;

function parsed(text: string): RolloutState {
  const r = parseState(text, FILE);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("\n"));
  return r.value;
}

describe("serializeState", () => {
  it("writes the documented format: header, key order, one flow map per entry, no stage on sign-offs", () => {
    expect(serializeState(QUARTER, null)).toBe(`# Managed by stagegate. Change it with /promote, /rollback, /pause — not by hand.
rollout: playlist-editor
stage: quarter
percent: 25
status: progressing
entered: 2026-12-03T14:00:00Z
approvals:
  - { item: no-critical-bugs, stage: internal, by: quinn, at: 2026-11-30T16:02:11Z }
  - { item: code-review, by: erin, at: 2026-11-29T10:00:00Z }
history:
  - { at: 2026-12-03T14:00:00Z, action: promote, from: ten, to: quarter, by: stagegate, reason: "bake 24h elapsed, gates passed" }
`);
  });

  it("writes resume-to only while paused and open-alerts only when some are open", () => {
    const paused: RolloutState = { ...QUARTER, status: "paused", resumeTo: "progressing", openAlerts: [{ alert: 0, gate: "error-rate", since: "2026-12-04T00:00:00Z" }] };
    const text = serializeState(paused, null);
    expect(text).toContain("entered: 2026-12-03T14:00:00Z\nresume-to: progressing\napprovals:");
    expect(text).toContain("open-alerts:\n  - { alert: 0, gate: error-rate, since: 2026-12-04T00:00:00Z }\nhistory:");
    const resumed = serializeState({ ...paused, status: "progressing", resumeTo: null, openAlerts: [] }, text);
    expect(resumed).not.toContain("resume-to");
    expect(resumed).not.toContain("open-alerts");
  });

  it("writes empty lists as []", () => {
    expect(serializeState({ ...QUARTER, approvals: [], history: [] }, null)).toContain("approvals: []\nhistory: []\n");
  });

  it("keeps a user's comments and key order when it edits the file", () => {
    const before = `# Managed by stagegate. Change it with /promote, /rollback, /pause — not by hand.
# Rolled back by hand on 2026-12-02, see INC-42.
rollout: playlist-editor
status: progressing        # awaiting-signoff | progressing | paused | rolled-back | complete
stage: quarter
percent: 25
entered: 2026-12-03T14:00:00Z
approvals:                 # verified ticks, per stage exit item and sign-off item
  - { item: no-critical-bugs, stage: internal, by: quinn, at: 2026-11-30T16:02:11Z } # re-checked by qiu
  - { item: code-review, by: erin, at: 2026-11-29T10:00:00Z }
history:                   # append-only audit trail
  - { at: 2026-12-03T14:00:00Z, action: promote, from: ten, to: quarter, by: stagegate, reason: "bake 24h elapsed, gates passed" }
`;
    const next: RolloutState = {
      ...parsed(before),
      stage: "half",
      percent: 50,
      entered: "2026-12-04T14:00:00Z",
      history: [...QUARTER.history, { at: "2026-12-04T14:00:00Z", action: "promote", from: "quarter", to: "half", by: "stagegate", reason: "bake 8h business elapsed, gates passed" }],
    };
    expect(serializeState(next, before)).toBe(`# Managed by stagegate. Change it with /promote, /rollback, /pause — not by hand.
# Rolled back by hand on 2026-12-02, see INC-42.
rollout: playlist-editor
status: progressing # awaiting-signoff | progressing | paused | rolled-back | complete
stage: half
percent: 50
entered: 2026-12-04T14:00:00Z
approvals: # verified ticks, per stage exit item and sign-off item
  - { item: no-critical-bugs, stage: internal, by: quinn, at: 2026-11-30T16:02:11Z } # re-checked by qiu
  - { item: code-review, by: erin, at: 2026-11-29T10:00:00Z }
history: # append-only audit trail
  - { at: 2026-12-03T14:00:00Z, action: promote, from: ten, to: quarter, by: stagegate, reason: "bake 24h elapsed, gates passed" }
  - { at: 2026-12-04T14:00:00Z, action: promote, from: quarter, to: half, by: stagegate, reason: "bake 8h business elapsed, gates passed" }
`);
  });

  it("keeps comments on the key's line and on their own line above the first entry, run after run", () => {
    const before = serializeState(QUARTER, null).replace("approvals:\n", "approvals: # verified ticks\n  # newest last\n");
    const once = serializeState({ ...QUARTER, percent: 30 }, before);
    expect(once).toContain("approvals: # verified ticks\n  # newest last\n  - { item: no-critical-bugs");
    expect(serializeState({ ...QUARTER, percent: 30 }, once)).toBe(once);
  });

  it("keeps a comment on its own line above the first entry", () => {
    const before = serializeState(QUARTER, null).replace("approvals:\n", "approvals:\n  # ticks are verified by the App\n");
    const after = serializeState({ ...QUARTER, approvals: QUARTER.approvals.slice(1) }, before);
    expect(after).toContain("approvals:\n  # ticks are verified by the App\n  - { item: code-review");
    expect(parsed(after)).toEqual({ ...QUARTER, approvals: QUARTER.approvals.slice(1) });
  });

  it("puts keys the previous file lacked in their documented place", () => {
    const before = serializeState(QUARTER, null);
    const paused = serializeState({ ...QUARTER, status: "paused", resumeTo: "progressing", openAlerts: [{ alert: 0, gate: "error-rate", since: "2026-12-04T00:00:00Z" }] }, before);
    const keys = paused.split("\n").filter((l) => /^[a-z-]+:/.test(l)).map((l) => l.slice(0, l.indexOf(":")));
    expect(keys).toEqual(["rollout", "stage", "percent", "status", "entered", "resume-to", "approvals", "open-alerts", "history"]);
  });

  it("drops keys it does not know and restores the header if a person removed it", () => {
    const before = serializeState(QUARTER, null).replace(/^# Managed.*\n/, "").replace("percent: 25\n", "percent: 25\nnote: hi # mine\n");
    const after = serializeState(QUARTER, before);
    expect(after).toBe(serializeState(QUARTER, null));
  });

  it("restores the header above a comment a person put on the first key", () => {
    const before = serializeState(QUARTER, null).replace(/^# Managed.*\n/, "# hand-edited during INC-42\n");
    const after = serializeState(QUARTER, before);
    expect(after.startsWith("# Managed by stagegate. Change it with /promote, /rollback, /pause — not by hand.\n# hand-edited during INC-42\nrollout:")).toBe(true);
  });

  it("drops keys that are not names", () => {
    const before = serializeState(QUARTER, null).replace("percent: 25\n", "percent: 25\n1: one\n");
    expect(serializeState(QUARTER, before)).toBe(serializeState(QUARTER, null));
  });

  it("keeps a document comment separated by a blank line below the header it restores", () => {
    const before = `# Hand-edited during INC-42.\n\n${serializeState(QUARTER, null).replace(/^# Managed.*\n/, "")}`;
    const after = serializeState(QUARTER, before);
    expect(after.startsWith("# Managed by stagegate. Change it with /promote, /rollback, /pause — not by hand.\n# Hand-edited during INC-42.\n")).toBe(true);
    expect(parsed(after)).toEqual(QUARTER);
  });

  it("starts afresh when the previous text is broken or not a mapping", () => {
    const fresh = serializeState(QUARTER, null);
    expect(serializeState(QUARTER, "rollout: [\n")).toBe(fresh);
    expect(serializeState(QUARTER, "- a list\n")).toBe(fresh);
  });

  it("replaces a value a person wrote in the wrong shape", () => {
    const before = serializeState(QUARTER, null).replace("stage: quarter", "stage: [quarter]").replace(/history:\n.*\n/, "history: {}\n");
    expect(parsed(serializeState(QUARTER, before))).toEqual(QUARTER);
  });

  it("quotes whatever people type in a reason and keeps each entry on one line", () => {
    const nasty = ['wait: a, b # c {d} [e] "f" \'g\'', "yes", "null", "0.001", "- not a list", "line one\nline two", "@everyone **now**", "emoji 🚀 — ok"];
    const s: RolloutState = { ...QUARTER, history: nasty.map((reason) => ({ at: "2026-12-04T00:00:00Z", action: "pause", from: null, to: null, by: "pam", reason })) };
    const text = serializeState(s, null);
    expect(text.split("\n").filter((l) => l.startsWith("  - { at:"))).toHaveLength(nasty.length);
    expect(parsed(text)).toEqual(s);
  });

  it("is stable: writing the same state over its own output changes nothing", () => {
    const once = serializeState(QUARTER, null);
    expect(serializeState(QUARTER, once)).toBe(once);
  });

  it("round-trips any state: parse(serialize(s)) == s, with or without the previous text", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
    const time = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z"));
    const status = fc.constantFrom("awaiting-signoff", "progressing", "paused", "rolled-back", "complete" as const);
    const resumable = fc.constantFrom("awaiting-signoff", "progressing", "rolled-back" as const);
    const action = fc.constantFrom("start", "promote", "force-promote", "rollback", "pause", "resume", "complete", "approve", "withdraw", "alert", "alert-resolved" as const);
    const stateArb = fc
      .record({
        rollout: name,
        trackingIssue: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
        stage: name,
        percent: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })),
        status,
        entered: time,
        resumeTo: resumable,
        approvals: fc.array(fc.record({ item: name, stage: fc.option(name, { nil: null }), by: name, at: time })),
        openAlerts: fc.array(fc.record({ alert: fc.nat(20), gate: name, since: time })),
        history: fc.array(fc.record({ at: time, action, from: fc.option(name, { nil: null }), to: fc.option(name, { nil: null }), by: name, reason: fc.string({ unit: "binary" }) })),
      })
      .map((s): RolloutState => ({ ...s, resumeTo: s.status === "paused" ? s.resumeTo : null }));
    fc.assert(
      fc.property(stateArb, stateArb, (s, previous) => {
        expect(parsed(serializeState(s, null))).toEqual(s);
        expect(parsed(serializeState(s, serializeState(previous, null)))).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });
});
