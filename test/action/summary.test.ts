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

  it("tabulates every rollout in five columns: stage over its bar, status, what this run did and why, next eligible", () => {
    const text = buildSummary(core.summary, run()).stringify();
    expect(text).toContain("<h2>stagegate</h2>");
    expect(text).toContain("<th>Rollout</th><th>Stage</th><th>Status</th><th>This run</th><th>Next eligible</th></tr>");
    // The bar's spaces do not break, so it never wraps in a narrow column.
    expect(text).toContain("<td>playlist-editor</td><td>ten<br><code>█░░░░░░░░░\u00A010%</code></td><td>progressing</td><td><strong>none</strong>: bake: 12h left</td><td>2026-11-23 15:00 UTC</td>");
    expect(text).toContain("<td>broken</td><td>—</td><td>broken plan</td><td><strong>error</strong>: the plan has 1 problem</td><td>—</td>");
  });

  it("shows the broken plan's problems at file:line:col, escaped, and a timeline for the good one", () => {
    const text = buildSummary(core.summary, run()).stringify();
    expect(text).toContain(".github/rollouts/broken.yml:4:14: percent must be &lt;= 100 &lt;script&gt;");
    expect(text).not.toContain("<script>");
    expect(text).toContain("```mermaid\ngantt\n");
    expect(text).toMatch(/section Served\n.*internal 0% :done, 2026-11-01 15:00, 2026-11-08 15:00/);
    expect(text).toContain("- ⏳ bake: 12h left (until 2026-11-23 15:00 UTC)");
    expect(text).toContain("<details><summary>Health gates: all 1 pass</summary>\n\n| Gate | Value | Needs |");
  });

  it("links the plan and state file to the default branch when it knows the repository", () => {
    const text = buildSummary(core.summary, run(), { repoUrl: "https://github.com/acme/music" }).stringify();
    expect(text).toContain(`Plan [${plan().path}](https://github.com/acme/music/blob/HEAD/${plan().path})`);
  });

  it("says an on-hold rollout waits for /resume, and never gives a time already past", () => {
    const held = run();
    held.rollouts[0]!.state = { ...stateAtTen(), status: "rolled-back" };
    held.rollouts[0]!.eligibility = { ...eligibility, earliest: null, blockers: [{ kind: "status", message: "rolled back" }] };
    expect(buildSummary(core.summary, held).stringify()).toContain("<td>after <code>/resume</code></td>");
    core.summary.emptyBuffer();
    const late = run();
    late.rollouts[0]!.eligibility = { ...eligibility, earliest: "2026-11-01T00:00:00.000Z" };
    const text = buildSummary(core.summary, late).stringify();
    expect(text).toContain("<td>when unblocked</td>");
    expect(text).not.toContain("2026-11-01 00:00 UTC");
  });

  it("says when the next promotion may come: now, not in sight, or not while the rollout waits on its status", () => {
    const summaryWith = (eligibility: Eligibility) => {
      core.summary.emptyBuffer();
      const report = run();
      report.rollouts = [{ ...report.rollouts[0]!, eligibility }];
      return buildSummary(core.summary, report).stringify();
    };
    expect(summaryWith({ ...eligibility, eligible: true, blockers: [], earliest: "2026-11-23T02:00:00.000Z" })).toContain("<td>now</td>");
    expect(summaryWith({ ...eligibility, earliest: null, blockers: [{ kind: "gate", message: "error-rate has no data" }] } as Eligibility)).toContain("<td>not in sight</td>");
    const waiting = summaryWith({ ...eligibility, earliest: null, blockers: [{ kind: "status", message: "awaiting sign-off" }] } as Eligibility);
    expect(waiting).toContain("<td>—</td>");
    expect(waiting).not.toContain("/resume");
  });

  it("shows a gate without a value by what it is instead", () => {
    const report = run();
    report.rollouts[0]!.eligibility = { ...eligibility, gates: [{ gate: "error-rate", status: "no-data", blocks: true, value: null, threshold: "< 0.01", window: "5m", message: "error-rate has no data" }] };
    const text = buildSummary(core.summary, report).stringify();
    expect(text).toContain("Health gates: 1 of 1 not passing");
    expect(text).toContain("| ⚪ error-rate | no-data | &lt; 0.01 over 5m |");
  });

  it("in dry-run says nothing was applied and lists the commit, its diff and the comments it would make, as Markdown", () => {
    const report = run({ dryRun: true });
    report.rollouts[0]!.change = {
      commit: { path: ".github/rollouts/state/playlist-editor.yml", message: "playlist-editor: promote ten → quarter (25%)", diff: `-stage: ten\n+stage: quarter\n+${"x".repeat(300)}` },
      comments: ["Promoted to **quarter** (25%) &gt; ten. @quinn\n\n<!-- stagegate:answer 1 rocket -->"],
      renderIssue: true,
    };
    const text = buildSummary(core.summary, report).stringify();
    expect(text).toContain("<strong>dry run</strong>: nothing below was applied");
    // A blank line after the summary, or GitHub shows the Markdown inside as raw text.
    expect(text).toContain("<summary>Would apply: 1 commit, 1 comment, tracking issue re-rendered</summary>\n\n");
    expect(text).toContain("playlist-editor: promote ten → quarter (25%)");
    expect(text).toContain("```diff\n-stage: ten\n+stage: quarter\n+" + "x".repeat(98) + "…\n```");
    // The comment is quoted as the Markdown it is: not escaped a second time.
    expect(text).toContain("> Promoted to **quarter** (25%) &gt; ten. @quinn\n");
    expect(text).not.toContain("stagegate:answer");
    expect(text).not.toContain("comment(s)");
  });

  it("says so when there is nothing to report", () => {
    expect(buildSummary(core.summary, run({ rollouts: [] })).stringify()).toContain("No rollout plans found.");
  });
});
