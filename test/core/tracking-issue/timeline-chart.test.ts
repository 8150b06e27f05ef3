import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../../../core/model.js";
import { MAX_SEGMENTS, safeLabel, timelineLines } from "../../../core/tracking-issue/timeline-chart.js";
import { plan, stateAtQuarter, viewAtQuarter } from "./fixtures.js";

const chart = (view = viewAtQuarter()) => timelineLines(view).join("\n");
const taskLines = (text: string) => text.split("\n").filter((l) => /^ {2}\S.* :/.test(l));

describe("timeline chart", () => {
  it("draws served stages, pauses, the current stage and the projection as a Mermaid gantt", () => {
    expect(chart()).toBe(
      [
        "### Timeline",
        "",
        "```mermaid",
        "gantt",
        "  title Rollout timeline (UTC)",
        "  dateFormat YYYY-MM-DD HH:mm",
        "  axisFormat %m-%d",
        "  tickInterval 1week",
        "  section Served",
        "  internal 0% :done, 2026-11-02 15:00, 2026-11-09 15:00",
        "  beta 1% :done, 2026-11-09 15:00, 2026-12-02 14:00",
        "  ten 10% :done, 2026-12-02 14:00, 2026-12-03 14:00",
        "  quarter 25% :active, 2026-12-03 14:00, 2026-12-03 22:00",
        "  section Paused",
        "  paused :done, 2026-11-20 10:00, 2026-11-21 10:00",
        "  section Projected",
        "  half 50% :2026-12-03 22:00, 2026-12-04 22:00",
        "  full 100% :milestone, 2026-12-04 22:00, 0d",
        "```",
      ].join("\n"),
    );
  });

  it("marks stages entered by a rollback, an open pause, and a finished rollout", () => {
    const history: HistoryEntry[] = [
      ...stateAtQuarter().history,
      { at: "2026-12-03T16:00:00Z", action: "rollback", from: "quarter", to: "ten", by: "pam", reason: "errors" },
      { at: "2026-12-03T17:00:00Z", action: "pause", from: null, to: null, by: "pam", reason: "look" },
      { at: "not a time", action: "pause", from: null, to: null, by: "pam", reason: "ignored" },
    ];
    const text = chart({ ...viewAtQuarter(), state: { ...stateAtQuarter(), stage: "ten", status: "paused", history } });
    expect(text).toContain("  quarter 25% :done, 2026-12-03 14:00, 2026-12-03 16:00");
    // Drawn from the state alone: the current stage until its bake is served, an open pause as
    // the instant it began, so the chart is the same however late it is rendered.
    expect(text).toContain("  ten 10% :crit, active, 2026-12-03 16:00, 2026-12-04 14:00");
    expect(text).toContain("  paused :milestone, active, 2026-12-03 17:00, 0d");
    expect(text).not.toContain("section Projected");

    const back = chart({ ...viewAtQuarter(), eligibility: null, state: { ...stateAtQuarter(), stage: "ten", status: "rolled-back", history: history.slice(0, -2) } });
    expect(back).toContain("  ten 10% :crit, milestone, 2026-12-03 16:00, 0d");

    const done = chart({ ...viewAtQuarter(), state: { ...stateAtQuarter(), status: "complete", history: [...history.slice(0, 2), { at: "2026-12-01T00:00:00Z", action: "rollback", from: "beta", to: "internal", by: "pam", reason: "x" }] } });
    expect(done).toContain("  internal 0% :milestone, 2026-12-01 00:00, 0d");
  });

  it("keeps bars at least a minute long so Mermaid draws them", () => {
    const history: HistoryEntry[] = [
      { at: "2026-12-03T14:00:00Z", action: "start", from: null, to: "internal", by: "stagegate", reason: "" },
      { at: "2026-12-03T14:00:00Z", action: "promote", from: "internal", to: "beta", by: "stagegate", reason: "" },
    ];
    expect(chart({ ...viewAtQuarter(), state: { ...stateAtQuarter(), stage: "beta", history } })).toContain("  internal 0% :done, 2026-12-03 14:00, 2026-12-03 14:01");
  });

  it("draws only the newest stage changes of a long history, and says so", () => {
    const history: HistoryEntry[] = Array.from({ length: 80 }, (_, i) => ({ at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(), action: i % 2 ? "rollback" : "promote", from: null, to: i % 2 ? "internal" : "beta", by: "x", reason: "" }));
    const text = chart({ ...viewAtQuarter(), state: { ...stateAtQuarter(), stage: "beta", status: "progressing", history }, eligibility: null });
    expect(taskLines(text)).toHaveLength(MAX_SEGMENTS);
    expect(text).toContain(`_The chart shows the newest ${MAX_SEGMENTS} stage changes`);
  });

  it("has nothing to draw before the start", () => {
    expect(chart({ ...viewAtQuarter(), state: null })).toContain("_The timeline starts when the rollout enters its first stage._");
  });

  it("does not project from a stage the plan no longer has", () => {
    const text = chart({ ...viewAtQuarter(), state: { ...stateAtQuarter(), stage: "gone" } });
    expect(text).not.toContain("section Projected");
  });

  it("keeps any stage name from breaking the chart or the fence", () => {
    const stages = plan().stages.map((s, i) => (i === 1 ? { ...s, name: "title: x; %% y # ```" } : s));
    const history: HistoryEntry[] = [
      { at: "2026-12-01T00:00:00Z", action: "start", from: null, to: "internal", by: "x", reason: "" },
      { at: "2026-12-02T00:00:00Z", action: "promote", from: "internal", to: stages[1]!.name, by: "x", reason: "" },
      { at: "2026-12-02T01:00:00Z", action: "rollback", from: null, to: "not-in-plan", by: "x", reason: "" },
    ];
    const text = chart({ ...viewAtQuarter(), plan: { ...plan(), stages }, state: { ...stateAtQuarter(), stage: "not-in-plan", history } });
    expect(text).toContain("  stage title x y 1% :done, 2026-12-02 00:00, 2026-12-02 01:00");
    expect(text).toContain("  not-in-plan ? :crit, active,");
    expect(text.match(/```/g)).toHaveLength(2);
  });

  it("never starts a label with a one-digit percent, which Mermaid would read as a comment and drop", () => {
    for (const line of taskLines(chart())) expect(line.trim()).not.toMatch(/^.%/);
  });

  it("picks the axis ticks from the span, so no date is printed twice", () => {
    const at = (iso: string, to: string, action: HistoryEntry["action"] = "promote"): HistoryEntry => ({ at: iso, action, from: null, to, by: "x", reason: "" });
    const short = chart({ ...viewAtQuarter(), eligibility: null, state: { ...stateAtQuarter(), stage: "beta", status: "complete", history: [at("2026-12-01T00:00:00Z", "internal", "start"), at("2026-12-01T06:00:00Z", "beta")] } });
    expect(short).toContain("  axisFormat %H:%M\n  tickInterval 1hour");
    const days = chart({ ...viewAtQuarter(), eligibility: null, state: { ...stateAtQuarter(), stage: "beta", status: "complete", history: [at("2026-12-01T00:00:00Z", "internal", "start"), at("2026-12-03T00:00:00Z", "beta")] } });
    expect(days).toContain("  axisFormat %m-%d %H:%M\n  tickInterval 6hour");
    const year = chart({ ...viewAtQuarter(), eligibility: null, state: { ...stateAtQuarter(), stage: "beta", status: "complete", history: [at("2026-01-01T00:00:00Z", "internal", "start"), at("2026-12-03T00:00:00Z", "beta")] } });
    expect(year).toContain("  axisFormat %Y-%m\n  tickInterval 1month");
  });

  it("labels are letters, digits and a few signs, never empty, at most 60 characters", () => {
    expect(safeLabel("a:b#c;d`e%f")).toBe("a b c d e f");
    expect(safeLabel(":::")).toBe("stage");
    expect(Array.from(safeLabel("é".repeat(100)))).toHaveLength(60);
  });
});
