import { describe, expect, it } from "vitest";
import { mermaidTimeline } from "../../action/timeline.js";
import { plan, settings, stateAtTen } from "./fixtures.js";

const now = new Date("2026-11-23T03:00:00Z");

describe("mermaidTimeline", () => {
  it("draws served stages from the history, the current stage up to the earliest promotion, and the projected rest", () => {
    const chart = mermaidTimeline({ plan: plan(), settings: settings(), state: stateAtTen(), now, earliest: "2026-11-23T15:00:00.000Z" });
    const lines = chart.split("\n");
    expect(lines[0]).toBe("```mermaid");
    expect(lines[1]).toBe("gantt");
    expect(lines.at(-1)).toBe("```");
    expect(chart).toContain("  section Served\n  internal 0% :done, 2026-11-01 15:00, 2026-11-08 15:00\n  beta 1% :done, 2026-11-08 15:00, 2026-11-22 15:00");
    expect(chart).toContain("  section Now\n  ten 10% :active, 2026-11-22 15:00, 2026-11-23 15:00");
    // 24h bakes on a calendar without business hours: one day per stage.
    expect(chart).toContain(
      "  section Projected\n  quarter 25% :2026-11-23 15:00, 2026-11-24 15:00\n  half 50% :2026-11-24 15:00, 2026-11-25 15:00\n  full 100% :milestone, 2026-11-25 15:00, 0d",
    );
  });

  it("projects nothing while paused, and marks a rollback as critical", () => {
    const paused = { ...stateAtTen(), status: "paused" as const };
    expect(mermaidTimeline({ plan: plan(), settings: settings(), state: paused, now, earliest: null })).not.toContain("Projected");
    const rolledBack = {
      ...stateAtTen(),
      stage: "internal",
      percent: 0,
      status: "rolled-back" as const,
      entered: "2026-11-23T02:00:00Z",
      history: [...stateAtTen().history, { at: "2026-11-23T02:00:00Z", action: "rollback" as const, from: "ten", to: "internal", by: "stagegate", reason: "error-rate 0.07" }],
    };
    const chart = mermaidTimeline({ plan: plan(), settings: settings(), state: rolledBack, now, earliest: null });
    expect(chart).toContain("ten 10% :done, 2026-11-22 15:00, 2026-11-23 02:00");
    expect(chart).toContain("  section Now\n  internal 0% :crit, 2026-11-23 02:00, 2026-11-23 03:00");
  });

  it("keeps the chart parseable whatever a stage is called", () => {
    const p = plan();
    p.stages[0] = { ...p.stages[0]!, name: "in:ternal; #1" };
    const chart = mermaidTimeline({ plan: p, settings: settings(), state: null, now, earliest: now.toISOString() });
    const taskLines = chart.split("\n").filter((l) => / :/.test(l));
    expect(taskLines.length).toBeGreaterThan(0);
    // The task name ends at the first colon: it must not hold one of its own.
    for (const line of taskLines) expect(line.slice(0, line.indexOf(" :"))).not.toContain(":");
    expect(chart).toContain("in ternal 1 0% :");
    expect(chart).not.toMatch(/[#;]/);
  });
});
