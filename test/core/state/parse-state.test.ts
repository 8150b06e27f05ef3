import { describe, expect, it } from "vitest";
import { formatProblem } from "../../../core/result.js";
import { parseState } from "../../../core/state/parse-state.js";
import { QUARTER, SPEC_EXAMPLE, STATE_FILE } from "./spec-example.js";

const FILE = STATE_FILE;

function problems(text: string): string[] {
  const r = parseState(text, FILE);
  if (r.ok) throw new Error("expected problems");
  return r.problems.map(formatProblem);
}

describe("parseState", () => {
  it("reads the SPEC's example into the domain model", () => {
    const r = parseState(SPEC_EXAMPLE, FILE);
    expect(r).toEqual({ ok: true, value: QUARTER });
  });

  it("reads resume-to, open alerts and history entries without from/to or reason", () => {
    const text = `rollout: r
stage: ten
percent: 10
status: paused
entered: 2026-12-03T14:00:00Z
resume-to: rolled-back
approvals: []
open-alerts:
  - { alert: 0, gate: error-rate, since: 2026-12-04T00:00:00Z }
history:
  - { at: 2026-12-04T00:00:00Z, action: pause, by: pam }
  - { at: 2026-12-04T00:00:00Z, action: resume, from: null, to: null, by: pam, reason: back }
`;
    const r = parseState(text, FILE);
    expect(r.ok && r.value.resumeTo).toBe("rolled-back");
    expect(r.ok && r.value.openAlerts).toEqual([{ alert: 0, gate: "error-rate", since: "2026-12-04T00:00:00Z" }]);
    expect(r.ok && r.value.history).toEqual([
      { at: "2026-12-04T00:00:00Z", action: "pause", from: null, to: null, by: "pam", reason: "" },
      { at: "2026-12-04T00:00:00Z", action: "resume", from: null, to: null, by: "pam", reason: "back" },
    ]);
  });

  it.each([
    ["a stage that is a number", "stage: quarter", "stage: 25", `${FILE}:3:8: stage: expected string, got 25`],
    ["a percent above 100", "percent: 25", "percent: 250", `${FILE}:4:10: percent: must be at most 100, got 250`],
    ["a negative percent", "percent: 25", "percent: -1", `${FILE}:4:10: percent: must be at least 0, got -1`],
    ["a misspelt status", "status: progressing", "status: progresing", `${FILE}:5:9: status: must be one of awaiting-signoff, progressing, paused, rolled-back, complete, got "progresing"`],
    ["a local time", "entered: 2026-12-03T14:00:00Z", "entered: 2026-12-03 14:00", `${FILE}:6:10: entered: expected an ISO-8601 UTC time like 2026-12-03T14:00:00Z, got "2026-12-03 14:00"`],
    ["an impossible date", "entered: 2026-12-03T14:00:00Z", "entered: 2026-02-30T14:00:00Z", `${FILE}:6:10: entered: expected an ISO-8601 UTC time like 2026-12-03T14:00:00Z, got "2026-02-30T14:00:00Z"`],
    ["an unknown top-level key", "stage: quarter", "stage: quarter\nstgae: half", `${FILE}:4:1: unknown key "stgae" (allowed: rollout, tracking-issue, stage, percent, status, entered, resume-to, approvals, open-alerts, history)`],
    ["an unknown key in an approval", "at: 2026-11-30T16:02:11Z }", "at: 2026-11-30T16:02:11Z, note: hi }", `${FILE}:8:85: approvals[0]: unknown key "note" (allowed: item, stage, by, at)`],
    ["an approval without by", "{ item: code-review, by: erin,", "{ item: code-review,", `${FILE}:9:5: approvals[1]: missing key "by"`],
    ["an unknown history action", "action: promote", "action: promoted", `${FILE}:11:41: history[0].action: must be one of start, promote, force-promote, rollback, pause, resume, complete, approve, withdraw, alert, alert-resolved, got "promoted"`],
    ["an empty rollout name", "rollout: playlist-editor", 'rollout: ""', `${FILE}:2:10: rollout: must not be empty`],
    ["a list where a time goes", "entered: 2026-12-03T14:00:00Z", "entered: [1]", `${FILE}:6:10: entered: expected string, got a list`],
    ["resume-to while not paused", "entered: 2026-12-03T14:00:00Z", "entered: 2026-12-03T14:00:00Z\nresume-to: progressing", `${FILE}:7:12: resume-to: resume-to is only allowed while status is paused (status is progressing)`],
    ["paused without resume-to", "status: progressing", "status: paused", `${FILE}:5:9: status: a paused rollout needs resume-to: the status /resume returns to (progressing, rolled-back or awaiting-signoff)`],
    ["a fractional alert index", "history:", "open-alerts: [{ alert: 0.5, gate: g, since: 2026-12-04T00:00:00Z }]\nhistory:", `${FILE}:10:24: open-alerts[0].alert: expected a whole number, got 0.5`],
    ["an empty value", "stage: quarter", "stage:", `${FILE}:3:7: stage: expected string, got null`],
    ["a mapping where a name goes", "stage: quarter", "stage: { name: quarter }", `${FILE}:3:8: stage: expected string, got a mapping`],
    ["an unknown key in a history entry", "reason: \"bake", "note: x, reason: \"bake", `${FILE}:11:89: history[0]: unknown key "note" (allowed: at, action, from, to, by, reason)`],
    ["an unknown key in an open alert", "history:", "open-alerts: [{ alert: 0, gate: g, since: 2026-12-04T00:00:00Z, why: x }]\nhistory:", `${FILE}:10:65: open-alerts[0]: unknown key "why" (allowed: alert, gate, since)`],
    ["a missing history list", /history:[\s\S]*$/, "", `${FILE}:2:1: missing key "history"`],
  ])("points at %s by line and column", (_name, find, replace, expected) => {
    const text = SPEC_EXAMPLE.replace(find, replace);
    expect(text).not.toBe(SPEC_EXAMPLE);
    expect(problems(text)).toContain(expected);
  });

  it("reports every problem at once, in file order", () => {
    const text = SPEC_EXAMPLE.replace("percent: 25", "percent: 250").replace("stage: quarter", "stage: 25");
    expect(problems(text)).toEqual([`${FILE}:3:8: stage: expected string, got 25`, `${FILE}:4:10: percent: must be at most 100, got 250`]);
  });

  it("orders problems on one line by column", () => {
    const text = SPEC_EXAMPLE.replace("by: quinn, at: 2026-11-30T16:02:11Z", "by: 7, at: yesterday");
    expect(problems(text)).toEqual([`${FILE}:8:52: approvals[0].by: expected string, got 7`, `${FILE}:8:59: approvals[0].at: expected an ISO-8601 UTC time like 2026-12-03T14:00:00Z, got "yesterday"`]);
  });

  it("reports broken YAML with its position", () => {
    const [first] = problems("rollout: a\napprovals: [\n  { item: x\n");
    expect(first).toMatch(new RegExp(`^${FILE}:\\d+:\\d+: invalid YAML: `));
  });

  it("rejects duplicate keys rather than keeping one silently", () => {
    expect(problems(SPEC_EXAMPLE.replace("percent: 25", "percent: 25\npercent: 50"))[0]).toMatch(/:5:1: invalid YAML: .*unique/i);
  });

  it.each([
    ["an empty file", ""],
    ["a list", "- rollout: a\n"],
    ["a scalar", "just text\n"],
  ])("explains what a state file is when given %s", (_name, text) => {
    expect(problems(text)).toEqual([`${FILE}:1:1: a state file is a mapping with rollout, stage, percent, status, entered, approvals and history`]);
  });
});

describe("a state file cut down to almost nothing", () => {
  it("names every missing key at the mapping instead of failing", () => {
    expect(problems("rollout: broken\n")).toEqual(
      ["stage", "percent", "status", "entered", "approvals", "history"].map((key) => `${FILE}:1:1: missing key "${key}"`),
    );
  });
});
