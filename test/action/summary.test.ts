import * as core from "@actions/core";
import { beforeEach, describe, expect, it } from "vitest";
import type { Eligibility } from "../../core/decisions.js";
import type { RunReport } from "../../action/report.js";
import { buildSummary } from "../../action/summary.js";
import { plan, settings, stateAtTen } from "./fixtures.js";

const eligibility: Eligibility = {
  eligible: false,
  next: { name: "quarter", percent: 25 },
  earliest: "2026-11-23T15:00:00.000Z",
  gates: [{ gate: "error-rate", status: "pass", blocks: false, value: 0.002, threshold: "< 0.01", window: null, message: "error-rate is 0.002" }],
  blockers: [{ kind: "bake", until: "2026-11-23T15:00:00.000Z", remainingMs: 12 * 3_600_000, business: false, message: "bake: 12h left (until 2026-11-23 15:00 UTC)" }],
};

function run(overrides: Partial<RunReport> = {}): RunReport {
  return {
    event: "schedule",
    now: new Date("2026-11-23T03:00:00Z"),
    dryRun: false,
    settings: settings(),
    problems: [],
    rollouts: [
      { name: "playlist-editor", planPath: plan().path, plan: plan(), state: stateAtTen(), action: "none", reason: "bake: 12h left", eligibility, change: null, problems: [] },
      {
        name: "broken",
        planPath: ".github/rollouts/broken.yml",
        plan: null,
        state: null,
        action: "error",
        reason: "the plan has 1 problem",
        eligibility: null,
        change: null,
        problems: [{ file: ".github/rollouts/broken.yml", line: 4, col: 14, message: 'percent must be <= 100 <script>' }],
      },
    ],
    ...overrides,
  };
}

describe("job summary", () => {
  beforeEach(() => core.summary.emptyBuffer());

  it("tabulates every rollout with its stage, bar, action, reason, next eligible time, gates and timers", () => {
    const text = buildSummary(core.summary, run()).stringify();
    expect(text).toContain("<h2>stagegate</h2>");
    expect(text).toContain("<th>Rollout</th><th>Stage</th><th>Percent</th><th>Status</th><th>Action</th><th>Why</th><th>Next eligible</th><th>Gates</th><th>Timers</th>");
    expect(text).toContain(
      "<td>playlist-editor</td><td>ten</td><td><code>█░░░░░░░░░ 10%</code></td><td>progressing</td><td>none</td><td>bake: 12h left</td><td>2026-11-23 15:00 UTC</td><td>✅ error-rate: 0.002 (needs &lt; 0.01)</td><td>bake: 12h left (until 2026-11-23 15:00 UTC)</td>",
    );
    expect(text).toContain("<td>broken</td><td>—</td><td>—</td><td>broken plan</td><td>error</td>");
  });

  it("shows the broken plan's problems at file:line:col, escaped, and a timeline for the good one", () => {
    const text = buildSummary(core.summary, run()).stringify();
    expect(text).toContain(".github/rollouts/broken.yml:4:14: percent must be &lt;= 100 &lt;script&gt;");
    expect(text).not.toContain("<script>");
    expect(text).toContain("```mermaid\ngantt\n");
    expect(text).toMatch(/section Served\n.*internal :done, 2026-11-01 15:00, 2026-11-08 15:00/);
    expect(text).toContain("<li>bake: 12h left (until 2026-11-23 15:00 UTC)</li>");
  });

  it("in dry-run says nothing was applied and lists the commit, its diff and the comments it would make", () => {
    const report = run({ dryRun: true });
    report.rollouts[0]!.change = {
      commit: { path: ".github/rollouts/state/playlist-editor.yml", message: "playlist-editor: promote ten → quarter (25%)", diff: "-stage: ten\n+stage: quarter" },
      comments: ["Promoted to **quarter** (25%). @quinn"],
      renderIssue: true,
    };
    const text = buildSummary(core.summary, report).stringify();
    expect(text).toContain("<strong>dry run</strong>: nothing below was applied");
    expect(text).toContain("<summary>Would apply: 1 commit, 1 comment(s)</summary>");
    expect(text).toContain("playlist-editor: promote ten → quarter (25%)");
    expect(text).toContain("-stage: ten\n+stage: quarter");
    expect(text).toContain("Re-render the tracking issue.");
  });

  it("says so when there is nothing to report", () => {
    expect(buildSummary(core.summary, run({ rollouts: [] })).stringify()).toContain("No rollout plans found.");
  });
});
