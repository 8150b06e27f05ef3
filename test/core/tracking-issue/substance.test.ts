// The clock renders every tracking issue on every run; the issue may only be rewritten when what
// it says changes. These tests render the same rollout at different instants with moving gate
// values and hold the renderings to "same substance" until something actually happens.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eligibility } from "../../../core/engine/eligibility.js";
import { metricRequests } from "../../../core/gates/metric-requests.js";
import type { Facts } from "../../../core/model.js";
import { renderTrackingIssue } from "../../../core/tracking-issue/render.js";
import { issueSubstance, sameSubstance } from "../../../core/tracking-issue/substance.js";
import { plan, settings, stateAtQuarter } from "./fixtures.js";

const MINUTE = 60_000;
const ENTERED = Date.parse(stateAtQuarter().entered);

/** Every gate observed at `now`, with samples over its window when it has one. */
function facts(now: number, values: { errorRate: number; saveSeconds: number }): Facts {
  const metrics: Facts["metrics"] = {};
  for (const request of metricRequests(plan())) {
    const value = request.gate === "error-rate" ? values.errorRate : values.saveSeconds;
    const span = request.windowMs ?? 0;
    const samples = Array.from({ length: span / (5 * MINUTE) + 1 }, (_, i) => ({ at: now - span + i * 5 * MINUTE, value }));
    metrics[request.key] = { samples, error: null };
  }
  return { metrics };
}

function render(now: number, values = { errorRate: 0.0004, saveSeconds: 1.2 }, state = stateAtQuarter()): string {
  const ctx = { settings: settings(), plan: plan(), state, facts: facts(now, values), now: new Date(now) };
  return renderTrackingIssue({ plan: ctx.plan, settings: ctx.settings, state, signoffs: [], eligibility: eligibility(ctx), now: ctx.now });
}

describe("what a tracking issue says", () => {
  it("does not change with the time of rendering or the gate values of the moment while the bake runs", () => {
    // The 8h bake of `quarter` runs from 14:00 to 22:00: render anywhere inside it, with any
    // passing values, and the issue says the same.
    const first = render(ENTERED + 30 * MINUTE);
    fc.assert(
      fc.property(fc.integer({ min: 31, max: 8 * 60 - 1 }), fc.double({ min: 0, max: 0.00099, noNaN: true }), fc.double({ min: 0, max: 1.99, noNaN: true }), (minutes, errorRate, saveSeconds) => {
        const later = render(ENTERED + minutes * MINUTE, { errorRate, saveSeconds });
        expect(sameSubstance(first, later)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("still shows the values and the time of the rendering it was written with", () => {
    const body = render(ENTERED + 30 * MINUTE, { errorRate: 0.0004, saveSeconds: 1.2 });
    expect(body).toContain("| error-rate | 0.0004 |");
    expect(body).toContain("<sub>Updated 2026-12-03 14:30 UTC by stagegate");
    expect(issueSubstance(body)).not.toContain("0.0004");
    expect(issueSubstance(body)).not.toContain("14:30 UTC by stagegate");
  });

  it("changes when a gate changes status, when the bake is served, or when a box is ticked", () => {
    const base = render(ENTERED + 60 * MINUTE);
    expect(sameSubstance(base, render(ENTERED + 61 * MINUTE, { errorRate: 0.02, saveSeconds: 1.2 }))).toBe(false);
    expect(sameSubstance(base, render(ENTERED + 8 * 60 * MINUTE + MINUTE))).toBe(false);
    const approved = { ...stateAtQuarter(), approvals: [...stateAtQuarter().approvals, { item: "feedback", stage: "beta", by: "quinn", at: "2026-12-03T15:00:00Z" }] };
    expect(sameSubstance(base, render(ENTERED + 61 * MINUTE, undefined, approved))).toBe(false);
  });

  it("once the bake is served and only a gate holds promotion, stays the same run after run", () => {
    const failing = { errorRate: 0.003, saveSeconds: 1.2 };
    const first = render(ENTERED + 9 * 60 * MINUTE, failing);
    expect(first).toContain("it waits for what is listed below");
    expect(sameSubstance(first, render(ENTERED + 20 * 60 * MINUTE, { ...failing, errorRate: 0.0071 }))).toBe(true);
    expect(render(ENTERED + 9 * 60 * MINUTE, { errorRate: 0.0004, saveSeconds: 2.5 })).toContain("gate save-p95-seconds fails: it needs &lt; 2 throughout the last 1h");
  });

  it("leaves a table cell holding an escaped pipe in one piece", () => {
    const body = "### Health gates\n\n| Gate | Value |\n| --- | --- |\n| a\\|b | 1.5 | x |\n| short |\n";
    expect(issueSubstance(body)).toBe("### Health gates\n\n| Gate | Value |\n| --- | --- |\n| a\\|b | · | x |\n| short |\n");
  });
});
