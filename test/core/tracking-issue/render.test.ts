import { describe, expect, it } from "vitest";
import { MENTION_BREAK } from "../../../core/markdown/escape.js";
import { issueTitle, renderTrackingIssue } from "../../../core/tracking-issue/render.js";
import { parseTrackingIssue } from "../../../core/tracking-issue/parse.js";
import { eligibilityAtQuarter, plan, stateAtQuarter, viewAtQuarter } from "./fixtures.js";

const lines = (body: string) => body.split("\n");
const indexOf = (body: string, text: string) => {
  const at = body.indexOf(text);
  expect(at, `body should contain ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
  return at;
};

describe("renderTrackingIssue", () => {
  const body = renderTrackingIssue(viewAtQuarter());

  it("starts with the hidden marker the App finds the issue by, then the title", () => {
    expect(lines(body)[0]).toBe("<!-- stagegate:rollout playlist-editor -->");
    expect(lines(body)[1]).toMatch(/^## .*Rollout\\?: playlist-editor$/);
    expect(issueTitle(plan())).toBe("Rollout: playlist-editor");
  });

  it("draws every part in order", () => {
    const order = ["**Stage:** quarter (25%)", "██▌░░░░░░░ 25%", "**Stages:**", "⏳ Bake", "Earliest next promotion", "What blocks promotion", "### Sign-off", "### Exit checklists", "### Health gates", "### History", "```mermaid"];
    const positions = order.map((text) => indexOf(body, text));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("shows the stage, status, progress and each step", () => {
    expect(body).toContain("**Stage:** quarter (25%) · **Status:** 🟢 progressing");
    expect(body).toContain("**Stages:** ✅ internal 0% → ✅ beta 1% → ✅ ten 10% → ▶️ **quarter 25%** → ⬜ half 50% → ⬜ full 100%");
  });

  it("says when the bake is served, the earliest promotion and what blocks it, as instants rather than time left", () => {
    expect(body).toContain("- ⏳ Bake: 8h from 2026-12-03 14:00 UTC, served 2026-12-03 22:00 UTC");
    expect(body).toContain("- 🗓️ Earliest next promotion: 2026-12-03 22:00 UTC, to half (50%)");
    // The failing gate's value of the moment is in the gates table, not in the blocker.
    expect(body).toContain("- 📉 gate error-rate fails: it needs &lt; 0.001");
    // The bake blocker is not repeated under the blockers: the bake line says it.
    expect(body.slice(indexOf(body, "What blocks promotion"))).not.toContain("⏳");
  });

  it("lists sign-off and exit items with who ticked them when, or the role that may", () => {
    expect(body).toContain("- [x] Code review completed <!-- stagegate:item signoff/code-review --> — ✅ @quinn · 2026-11-01 12:00 UTC");
    expect(body).toContain("- [x] No critical bugs <!-- stagegate:item exit/internal/no-critical-bugs --> — ✅ @quinn · 2026-11-30 16:02 UTC");
    expect(body).toContain("- [ ] Positive user feedback (NPS &gt; 70) <!-- stagegate:item exit/beta/feedback --> — _role: qa-lead_");
    expect(body).toContain("#### beta (1%)");
    expect(body).not.toContain("#### ten");
  });

  it("tables the gates with value, threshold, window and status", () => {
    expect(body).toContain("| error-rate | 0.0042 | &lt; 0.001 | — | ❌ fail · holds promotion |");
    expect(body).toContain("| save-p95-seconds | 1.235 | &lt; 2 | 1h | ✅ pass |");
  });

  it("tables the history newest first, reasons escaped and mentions broken", () => {
    const history = body.slice(indexOf(body, "### History"), indexOf(body, "### Timeline"));
    const rows = lines(history).filter((l) => l.startsWith("| 2026"));
    expect(rows[0]).toBe("| 2026-12-03 14:00 UTC | promote | ten → quarter | stagegate | bake 24h elapsed, gates passed |");
    expect(rows.at(-1)).toBe("| 2026-11-02 15:00 UTC | start | — → internal | stagegate | signed off |");
    expect(history).toContain(`support tickets @${MENTION_BREAK}acme/sre &lt;b&gt;look&lt;/b&gt;`);
    expect(history).not.toContain("Showing the newest");
  });

  it("links the plan and the state file on the default branch, and the plan PR when given", () => {
    expect(body).toContain("Plan: [.github/rollouts/playlist-editor.yml](https://github.com/acme/app/blob/HEAD/.github/rollouts/playlist-editor.yml)");
    expect(body).toContain("State file: [config/rollouts/playlist-editor.yml](https://github.com/acme/app/blob/HEAD/config/rollouts/playlist-editor.yml)");
    const withPr = renderTrackingIssue({ ...viewAtQuarter(), pullRequest: 42, repoUrl: "javascript:alert(1)" });
    expect(withPr).toContain("Plan PR: #42");
    expect(withPr).not.toContain("javascript");
    // Without the repository's address, relative to the issue's page: GitHub resolves it.
    expect(renderTrackingIssue({ ...viewAtQuarter(), repoUrl: undefined })).toContain("State file: [config/rollouts/playlist-editor.yml](../blob/HEAD/config/rollouts/playlist-editor.yml)");
    const odd = renderTrackingIssue({ ...viewAtQuarter(), repoUrl: "https://x.example/a", plan: { ...plan(), statePath: "st ate/(a)<b>.yml" } });
    expect(odd).toContain("(https://x.example/a/blob/HEAD/st%20ate/%28a%29%3Cb%3E.yml)");
  });

  it("is the same text for the same view, so an unchanged issue need not be written", () => {
    expect(renderTrackingIssue(viewAtQuarter())).toBe(body);
  });

  it("every drawn item parses back with its key and state", () => {
    const parsed = parseTrackingIssue(body);
    expect(parsed.rollout).toBe("playlist-editor");
    expect(parsed.items.map((i) => [i.key, i.checked])).toEqual([
      ["signoff/code-review", true],
      ["signoff/security", true],
      ["exit/internal/no-critical-bugs", true],
      ["exit/beta/feedback", false],
    ]);
  });
});

describe("before the rollout starts", () => {
  const view = {
    ...viewAtQuarter(),
    state: null,
    signoffs: [{ item: "security", stage: null, by: "sam", at: "2026-11-01T13:00:00Z" }],
    eligibility: { eligible: false, next: { name: "internal", percent: 0 }, blockers: [{ kind: "items" as const, items: [], message: "1 sign-off item is not ticked: Code review completed (engineering-lead)" }], earliest: "2026-11-01T13:00:00Z", gates: [] },
  };
  const body = renderTrackingIssue(view);

  it("shows sign-offs recorded on the plan PR's check runs", () => {
    expect(body).toContain("- [ ] Code review completed <!-- stagegate:item signoff/code-review --> — _engineering-lead:_ @acme/eng-leads");
    expect(body).toContain("- [x] Security review completed <!-- stagegate:item signoff/security --> — ✅ @sam · 2026-11-01 13:00 UTC");
  });

  it("says it has not started, with an empty bar, no bake and no history", () => {
    expect(body).toContain("**Stage:** not started (first: internal) · **Status:** 📝 awaiting sign-off");
    expect(body).toContain("░░░░░░░░░░ 0%");
    expect(body).toContain("⬜ internal 0% → ⬜ beta 1%");
    expect(body).not.toContain("⏳ Bake");
    expect(body).toContain("- 📝 Sign-off: 1 of 2 items ticked; merging the plan starts the rollout once all are.");
    // Who must act, by name: the holders of the roles whose items are unticked.
    expect(body).toContain("- 👤 Waiting for: @acme/eng-leads (engineering-lead)");
    expect(body).toContain("_Nothing has happened yet._");
    expect(body).toContain("_The timeline starts when the rollout enters its first stage._");
    expect(body).toContain("| error-rate | — | &lt; 0.001 | — | ➖ not evaluated |");
  });

  it("uses the state file's approvals, not the PR's, once a state exists", () => {
    const started = renderTrackingIssue({ ...viewAtQuarter(), signoffs: [{ item: "feedback", stage: "beta", by: "x", at: "2026-11-01T13:00:00Z" }] });
    expect(started).toContain("- [ ] Positive user feedback");
  });
});

describe("other moments of a rollout", () => {
  it("before the first evaluation, says so instead of guessing", () => {
    const body = renderTrackingIssue({ ...viewAtQuarter(), eligibility: null });
    expect(body).toContain("- ⏳ Bake: 8h from 2026-12-03 14:00 UTC");
    expect(body).toContain("_Not evaluated yet: the clock fills this in on its next run._");
    expect(body).toContain("| save-p95-seconds | — | &lt; 2 | 1h | ➖ not evaluated |");
    expect(body).not.toContain("section Projected");
  });

  it("when ready, says promotion happens next run or on /promote", () => {
    const body = renderTrackingIssue({ ...viewAtQuarter(), eligibility: { ...eligibilityAtQuarter(), eligible: true, blockers: [] } });
    expect(body).toContain("- ⏳ Bake: 8h served.");
    expect(body).toContain("- 🚀 Ready: half (50%) on the clock's next run, or now with `/promote`.");
    expect(body).not.toContain("What blocks promotion");
  });

  it("when the calendar never opens, says the earliest promotion is not in sight", () => {
    const eligibility = { ...eligibilityAtQuarter(), earliest: null };
    eligibility.blockers = [{ kind: "bake", until: "never", remainingMs: 3_600_000, business: true, message: "bake" }, { kind: "calendar", reason: "freeze", opensAt: null, message: "calendar: inside the freeze 2026-12-20/2027-01-04" }];
    const body = renderTrackingIssue({ ...viewAtQuarter(), eligibility });
    expect(body).toContain("- ⏳ Bake: 8h of business hours from 2026-12-03 14:00 UTC, never served: the calendar has no open time to serve it");
    expect(body).toContain("not in sight while the blockers below hold");
    expect(body).toContain("🗓️ calendar: inside the freeze 2026-12-20/2027-01-04");
  });

  it("when complete, every step is done and there is no next stage", () => {
    const state = { ...stateAtQuarter(), stage: "full", percent: 100, status: "complete" as const };
    const body = renderTrackingIssue({ ...viewAtQuarter(), state, eligibility: { eligible: false, next: null, blockers: [{ kind: "status", message: "the rollout is complete at full (100%)" }], earliest: null, gates: [] } });
    expect(body).toContain("██████████ 100%");
    expect(body).toContain("✅ half 50% → ✅ full 100%");
    expect(body).toContain("- 🏁 Complete: full (100%) since 2026-12-03 14:00 UTC. Nothing is left to promote.");
    expect(body).not.toContain("What blocks promotion");
    expect(body).not.toContain("⏳ Bake");
  });

  it("when paused or rolled back, says so", () => {
    const paused = renderTrackingIssue({ ...viewAtQuarter(), state: { ...stateAtQuarter(), status: "paused", resumeTo: "progressing" } });
    expect(paused).toContain("**Status:** ⏸️ paused");
    const back = renderTrackingIssue({ ...viewAtQuarter(), state: { ...stateAtQuarter(), stage: "internal", percent: 0, status: "rolled-back" } });
    expect(back).toContain("**Status:** ⏪ rolled back");
    expect(back).toContain("▶️ **internal 0%** → ⬜ beta 1%");
    expect(back).toContain("audience: internal");
    // The bake restarts with /resume: no served bake and no earliest date to contradict that.
    const rolledBack = { eligible: false, next: { name: "beta", percent: 1 }, blockers: [{ kind: "status" as const, message: "the rollout was rolled back to internal (0%); /resume restarts that stage (its bake starts again), then promotion continues" }], earliest: null, gates: [] };
    const backed = renderTrackingIssue({ ...viewAtQuarter(), state: { ...stateAtQuarter(), stage: "internal", percent: 0, status: "rolled-back" }, eligibility: rolledBack });
    expect(backed).toContain("- ⏸️ On hold: nothing moves to beta (1%) until someone comments `/resume`.");
    expect(backed).not.toContain("⏳ Bake");
    expect(backed).not.toContain("Earliest next promotion");
  });

  it("a plan without stages (rejected by validation, but possible mid-edit) still renders", () => {
    const body = renderTrackingIssue({ ...viewAtQuarter(), plan: { ...plan(), stages: [] }, state: null, eligibility: null });
    expect(body).toContain("**Stage:** not started · **Status:** 📝 awaiting sign-off");
  });

  it("a pause before the start still counts as not started", () => {
    const state = { ...stateAtQuarter(), stage: "internal", percent: 0, status: "paused" as const, resumeTo: "awaiting-signoff" as const, history: [] };
    expect(renderTrackingIssue({ ...viewAtQuarter(), state })).toContain("**Stage:** not started (first: internal) · **Status:** ⏸️ paused");
  });

  it("a stage missing from the plan, or a stage without bake, is shown as such", () => {
    const gone = renderTrackingIssue({ ...viewAtQuarter(), state: { ...stateAtQuarter(), stage: "removed" } });
    expect(gone).toContain("**Stage:** removed (25%)");
    expect(gone).toContain("⬜ internal 0%");
    expect(gone).not.toContain("⏳ Bake");
    const noBake = renderTrackingIssue({ ...viewAtQuarter(), state: { ...stateAtQuarter(), stage: "full", percent: 100 } });
    expect(noBake).toContain("- ⏳ Bake: none for full.");
  });

  it("a plan without gates, sign-off, exit lists or description says so plainly", () => {
    const bare = { ...plan(), description: null, gates: [], signoff: [], stages: plan().stages.map((s) => ({ ...s, exit: [] })) };
    const body = renderTrackingIssue({ ...viewAtQuarter(), plan: bare, repoUrl: undefined });
    expect(body).toContain("_This plan has no health gates._");
    expect(body).toContain("_This plan has no sign-off checklist._");
    expect(body).toContain("_No stage has an exit checklist._");
    expect(body).toContain("State file: [config/rollouts/playlist-editor.yml](../blob/HEAD/config/rollouts/playlist-editor.yml)");
    expect(parseTrackingIssue(body).items).toEqual([]);
  });

  it("an odd approver or time in a hand-edited state file is shown as text", () => {
    const state = { ...stateAtQuarter(), approvals: [{ item: "code-review", stage: null, by: "@everyone <b>", at: "yesterday" }] };
    const body = renderTrackingIssue({ ...viewAtQuarter(), state });
    expect(body).toContain(`— ✅ @${MENTION_BREAK}everyone &lt;b&gt; · yesterday`);
  });
});

describe("who must act, when a role is held by nobody", () => {
  it("says so instead of naming nobody", () => {
    const view = { ...viewAtQuarter(), state: null, eligibility: null, settings: { ...viewAtQuarter().settings, roles: {} } };
    expect(renderTrackingIssue(view)).toContain("nobody: the role engineering-lead is not held in .github/stagegate.yml");
  });
});
