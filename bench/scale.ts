// Scale: the tracking issue at GitHub's size limit (65,536 characters), parsed and rendered; the
// 100-rollout runs are measured with the other scheduled runs (action-operations.ts).
import { eligibility } from "../core/engine/eligibility.js";
import type { Plan, RolloutState, Settings } from "../core/model.js";
import { parsePlan } from "../core/parse-plan.js";
import { parseSettings } from "../core/parse-settings.js";
import { parseMarkdown } from "../core/markdown/parse.js";
import { parseTrackingIssue } from "../core/tracking-issue/parse.js";
import { renderTrackingIssue } from "../core/tracking-issue/render.js";
import { ENTERED_TEN, SETTINGS, servingTen } from "./rollout-repo.js";
import { collectGarbage } from "./gc.js";
import { median, round } from "./stats.js";

/** GitHub's limit on an issue body. */
export const MAX_ISSUE_BODY = 65_536;

export interface IssueFigures {
  bodyChars: number;
  items: number;
  parseMs: number;
  /** Heap the parse holds at its peak: the Markdown tree of the whole body, in MB. */
  parseHeapMb: number;
  renderMs: number;
  /** Heap the rendered body holds, in MB. */
  renderHeapMb: number;
  renderedChars: number;
}

/** A plan with more checklist text than an issue holds: 500 sign-off items, long titles. */
function bigPlan(settings: Settings): Plan {
  const items = Array.from({ length: 500 }, (_, i) => `  - { id: item-${i}, title: "Item ${i}: ${"verified by the team that owns it, with evidence linked ".repeat(3).trim()}", role: qa-lead }`);
  const yaml = `description: the largest plan an issue can show\nsignoff:\n${items.join("\n")}\nstages:\n  - { name: internal, percent: 0, bake: 7d }\n  - { name: ten, percent: 10, bake: 24h }\n  - { name: full, percent: 100 }\ngates:\n  - { name: error-rate, below: 0.01 }\n`;
  const plan = parsePlan(yaml, ".github/rollouts/big.yml", settings);
  if (!plan.ok) throw new Error(`the bench's big plan does not parse: ${plan.problems[0]?.message}`);
  return plan.value;
}

function bigState(plan: Plan): RolloutState {
  const base = servingTen(plan.name);
  const history = Array.from({ length: 400 }, (_, i) => ({ at: new Date(Date.parse("2026-06-01T00:00:00Z") + i * 3_600_000).toISOString().replace(".000Z", "Z"), action: i % 2 === 0 ? ("pause" as const) : ("resume" as const), from: null, to: null, by: "pam", reason: `maintenance window ${i}` }));
  return { ...base, stage: "internal", percent: 0, approvals: plan.signoff.slice(0, 150).map((item) => ({ item: item.id, stage: null, by: "quinn", at: "2026-05-30T12:00:00Z" })), history: [...history, { at: ENTERED_TEN, action: "start", from: null, to: "internal", by: "stagegate", reason: "every sign-off is in" }] };
}

/** Median time of `runs` calls (after one to warm up). */
function timed<T>(runs: number, work: () => T): { ms: number; result: T } {
  const times: number[] = [];
  let result = work();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = work();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

// Holds what is being _weighed, out of reach of the optimizer's liveness analysis.
let _weighed: unknown = null;

/** The heap held by what `make` returns, measured between full collections. */
function retainedMb(make: () => unknown): number {
  collectGarbage(2);
  const before = process.memoryUsage().heapUsed;
  _weighed = make();
  collectGarbage(2);
  const after = process.memoryUsage().heapUsed;
  _weighed = null;
  return (after - before) / 1_048_576;
}

export function measureBigIssue(runs: number): IssueFigures {
  const settings = parseSettings(SETTINGS, ".github/stagegate.yml");
  if (!settings.ok) throw new Error("the bench's settings do not parse");
  const plan = bigPlan(settings.value);
  const state = bigState(plan);
  const now = new Date(Date.parse(ENTERED_TEN) + 3_600_000);
  const elig = eligibility({ settings: settings.value, plan, state, facts: { metrics: { "error-rate": { samples: [{ at: now.getTime(), value: 0.001 }], error: null } } }, now });
  const view = { plan, settings: settings.value, state, signoffs: [], eligibility: elig, now };
  const render = timed(runs, () => renderTrackingIssue(view));
  // What people may add below the rendering fills the body up to GitHub's limit.
  const filler = `\n\n<!-- notes -->\n${"A note a reviewer left under the checklist. ".repeat(2000)}`;
  const body = (render.result + filler).slice(0, MAX_ISSUE_BODY);
  const parse = timed(runs, () => parseTrackingIssue(body));
  return {
    bodyChars: body.length,
    items: parse.result.items.length,
    parseMs: round(parse.ms, 2),
    // The tree is the parse's working set: it lives until the items are read out of it.
    parseHeapMb: round(retainedMb(() => parseMarkdown(body)), 2),
    renderMs: round(render.ms, 2),
    renderHeapMb: round(retainedMb(() => renderTrackingIssue(view)), 2),
    renderedChars: render.result.length,
  };
}
