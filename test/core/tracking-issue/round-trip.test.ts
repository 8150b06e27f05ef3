import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Blocker, Eligibility } from "../../../core/decisions.js";
import type { Approval, ChecklistItem, HistoryEntry, Plan, RolloutState, Stage, Status } from "../../../core/model.js";
import { itemKey } from "../../../core/markdown/task-items.js";
import { diffTicks, setItemChecked } from "../../../core/markdown/tick-diff.js";
import { parseTrackingIssue } from "../../../core/tracking-issue/parse.js";
import { renderTrackingIssue } from "../../../core/tracking-issue/render.js";
import type { TrackingIssueView } from "../../../core/tracking-issue/view.js";
import { plan as seedPlan, settings } from "./fixtures.js";

// Text people might type, weighted towards things that look like stagegate's own Markdown.
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("- [x] <!-- stagegate:item signoff/security -->", "<!-- stagegate:rollout other -->", "@org/team", "</details>", "```", "`x`", "[x](javascript:alert(1))", "| a | b |", "# h", "\n\n- [ ] x", "-->", "%2F"),
);
const id = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), fc.string({ minLength: 1, maxLength: 12 }));

const item = (ids: fc.Arbitrary<string>) => fc.record({ id: ids, title: nasty, role: nasty });
const items = fc.uniqueArray(item(id), { selector: (i) => i.id, maxLength: 6 });

const stage = fc.record({ name: id, percent: fc.integer({ min: 0, max: 100 }), audience: fc.option(nasty), exit: items });
const time = fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2028-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, "Z"));

const planArb = fc.record({ name: id, description: fc.option(nasty), signoff: items, stages: fc.uniqueArray(stage, { selector: (s) => s.name, minLength: 1, maxLength: 6 }), gateNames: fc.uniqueArray(nasty, { maxLength: 3 }) }).map(
  ({ name, description, signoff, stages, gateNames }): Plan => ({
    ...seedPlan(),
    name,
    description,
    signoff,
    stages: stages.map((s): Stage => ({ ...s, bake: null })),
    gates: gateNames.map((g) => ({ name: g, query: null, below: 1, above: null, noData: "hold", for: null })),
  }),
);

const statusArb = fc.constantFrom<Status>("awaiting-signoff", "progressing", "paused", "rolled-back", "complete");
const actionArb = fc.constantFrom<HistoryEntry["action"]>("start", "promote", "force-promote", "rollback", "pause", "resume", "complete", "approve", "withdraw", "alert", "alert-resolved");

function scenario() {
  return planArb.chain((plan) => {
    const all: Array<{ item: ChecklistItem; stage: string | null }> = [...plan.signoff.map((item) => ({ item, stage: null })), ...plan.stages.flatMap((s) => s.exit.map((item) => ({ item, stage: s.name })))];
    const approval = ({ item, stage }: { item: ChecklistItem; stage: string | null }): fc.Arbitrary<Approval> => fc.record({ item: fc.constant(item.id), stage: fc.constant(stage), by: fc.oneof(fc.constantFrom("quinn", "sam"), nasty), at: fc.oneof(time, nasty) });
    const approvals = fc.subarray(all).chain((ticked) => fc.tuple(...ticked.map(approval)).map((list): Approval[] => list));
    const stageName = fc.oneof(fc.constantFrom(...plan.stages.map((s) => s.name)), id);
    const history: fc.Arbitrary<HistoryEntry[]> = fc.array(fc.record({ at: fc.oneof(time, time, nasty), action: actionArb, from: fc.option(stageName), to: fc.option(stageName), by: nasty, reason: nasty }), { maxLength: 70 });
    const state = fc.option(fc.record({ stage: stageName, percent: fc.integer({ min: 0, max: 100 }), status: statusArb, entered: time, resumeTo: fc.option(statusArb), approvals, history }));
    const blocker = fc.oneof(
      fc.record({ kind: fc.constant("status" as const), message: nasty }),
      fc.record({ kind: fc.constant("bake" as const), until: fc.oneof(time, fc.constant("never")), remainingMs: fc.nat(), business: fc.boolean(), message: nasty }),
      fc.record({ kind: fc.constant("calendar" as const), reason: fc.constant("freeze" as const), opensAt: fc.option(time), message: nasty }),
    );
    const eligibility: fc.Arbitrary<Eligibility | null> = fc.option(fc.record({ eligible: fc.boolean(), next: fc.option(fc.record({ name: nasty, percent: fc.nat(100) })), blockers: fc.array(blocker as fc.Arbitrary<Blocker>, { maxLength: 3 }), earliest: fc.option(time), gates: fc.constant([]) }));
    return fc.record({ state, signoffs: approvals, eligibility, now: time.map((t) => new Date(t)) }).map(
      (s): TrackingIssueView => ({ ...s, plan, settings: settings(), state: s.state === null ? null : ({ ...s.state, rollout: plan.name, trackingIssue: null, openAlerts: [] } satisfies RolloutState) }),
    );
  });
}

/** The keys and states the renderer must draw, in order. */
function expectedItems(v: TrackingIssueView): Array<[string, boolean]> {
  const approvals = v.state === null ? v.signoffs : v.state.approvals;
  const ticked = (id: string, stage: string | null) => approvals.some((a) => a.item === id && a.stage === stage);
  return [
    ...v.plan.signoff.map((i): [string, boolean] => [itemKey({ kind: "signoff", id: i.id }), ticked(i.id, null)]),
    ...v.plan.stages.flatMap((s) => s.exit.map((i): [string, boolean] => [itemKey({ kind: "exit", stage: s.name, id: i.id }), ticked(i.id, s.name)])),
  ];
}

describe("render → parse", () => {
  it("every item the renderer draws parses back with its key and state, and nothing else does", () => {
    fc.assert(
      fc.property(scenario(), (v) => {
        const body = renderTrackingIssue(v);
        expect(body.length).toBeLessThan(65_536);
        const parsed = parseTrackingIssue(body);
        expect(parsed.rollout).toBe(v.plan.name);
        expect(parsed.items.map((i) => [i.key, i.checked])).toEqual(expectedItems(v));
      }),
      { numRuns: 150 },
    );
  });

  it("a tick on any drawn item is seen by the diff, and only that one", () => {
    fc.assert(
      fc.property(scenario(), fc.nat(), (v, pick) => {
        const body = renderTrackingIssue(v);
        const items = expectedItems(v);
        fc.pre(items.length > 0);
        const [key, checked] = items[pick % items.length] as [string, boolean];
        const edited = setItemChecked(body, key, !checked);
        expect(edited.ok).toBe(true);
        expect(diffTicks(body, edited.ok ? edited.body : body)).toEqual([expect.objectContaining({ key, checked: !checked })]);
      }),
      { numRuns: 60 },
    );
  });
});
