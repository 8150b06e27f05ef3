import { describe, expect, it } from "vitest";
import type { HistoryEntry, Plan } from "../../../core/model.js";
import { MAX_BODY, renderTrackingIssue } from "../../../core/tracking-issue/render.js";
import { parseTrackingIssue } from "../../../core/tracking-issue/parse.js";
import { plan, stateAtQuarter, viewAtQuarter } from "./fixtures.js";

const GITHUB_LIMIT = 65_536;

/** The fixture's stage changes followed by `n` approvals. */
function history(n: number, reason: string): HistoryEntry[] {
  const approvals = Array.from({ length: n }, (_, i): HistoryEntry => ({ at: new Date(Date.UTC(2026, 11, 4) + i * 60_000).toISOString(), action: "approve", from: null, to: null, by: "quinn", reason: `${i} ${reason}` }));
  return [...stateAtQuarter().history, ...approvals];
}

function planWithItems(n: number, title: string): Plan {
  const base = plan();
  return { ...base, signoff: Array.from({ length: n }, (_, i) => ({ id: `item-${i}`, title: `${title} ${i}`, role: "qa-lead" })) };
}

describe("size limit", () => {
  it("shows the newest 50 history entries and says where the rest are", () => {
    const body = renderTrackingIssue({ ...viewAtQuarter(), state: { ...stateAtQuarter(), history: history(120, "ok") } });
    expect(body.match(/^\| 2026-12-0\d .* \| approve \|/gm)).toHaveLength(50);
    expect(body).toContain("| 119 ok |");
    expect(body).not.toContain("| 69 ok |");
    expect(body).toContain("_Showing the newest 50 of 126 entries; see the state file config/rollouts/playlist-editor.yml for all of them._");
  });

  it("stays under GitHub's limit with a huge history, cutting the history first", () => {
    const long = "x".repeat(5_000);
    const body = renderTrackingIssue({ ...viewAtQuarter(), state: { ...stateAtQuarter(), history: history(20_000, long) } });
    expect(body.length).toBeLessThan(GITHUB_LIMIT);
    expect(body).toContain("```mermaid");
    expect(body).toMatch(/_Showing the newest \d+ of 20006 entries/);
    expect(parseTrackingIssue(body).items).toHaveLength(4);
  });

  it("drops history, then the chart, then shortens titles before touching a single item", () => {
    const huge = planWithItems(300, "t".repeat(150));
    const body = renderTrackingIssue({ ...viewAtQuarter(), plan: huge, state: { ...stateAtQuarter(), history: history(200, "reason") } });
    expect(body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(body).toContain("_206 entries are not shown, to keep this issue within GitHub's size limit");
    expect(body).toContain("_The chart is left out to keep this issue within GitHub's size limit._");
    expect(parseTrackingIssue(body).items.filter((i) => i.ref?.kind === "signoff")).toHaveLength(300);
  });

  it("as a last resort cuts whole lines and says so; every item it draws still parses", () => {
    const absurd = planWithItems(2_000, "a title");
    const body = renderTrackingIssue({ ...viewAtQuarter(), plan: absurd });
    expect(body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(body).toContain("the rest is cut off. Shorten titles or split the plan.");
    const items = parseTrackingIssue(body).items;
    expect(items.length).toBeGreaterThan(300);
    expect(items.every((item, i) => item.key === `signoff/item-${i}`)).toBe(true);
  });
});
