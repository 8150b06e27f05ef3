import { describe, expect, it } from "vitest";
import { statusReport } from "../../../core/engine/index.js";
import { HOUR, MONDAY_10AM, at, ctx, healthy, instant, plan, state, withMetrics } from "./fixtures.js";

describe("statusReport (/status)", () => {
  it("says where the rollout is, what it waits for and how every gate stands", () => {
    const s = state("ten", MONDAY_10AM - 20 * HOUR, { openAlerts: [{ alert: 0, gate: "error-rate", since: "2026-12-07T14:00:00Z" }] });
    const facts = withMetrics(healthy(MONDAY_10AM), { "error-rate": instant(MONDAY_10AM, 0.02) });
    expect(statusReport(ctx(s, MONDAY_10AM, { facts }))).toBe(
      [
        "**Playlist Editor** (playlist-editor): stage **ten** at 10%, progressing (stage entered 2026-12-06 19:00 UTC)",
        "",
        "Next: **quarter (25%)**, earliest 2026-12-07 19:00 UTC. Waiting for:",
        "- bake: 4h left (until 2026-12-07 19:00 UTC)",
        "- 1 of 2 gates holding promotion back (below)",
        "",
        "Gates:",
        "- ❌ gate error-rate is 0.02, needs &lt; 0.001",
        "- ✅ gate save-p95-seconds passes: 1.2 (needs &lt; 2)",
        "",
        "Open alerts:",
        "- 🔔 error-rate since 2026-12-07 14:00 UTC",
      ].join("\n"),
    );
  });

  it("says when the next stage can be entered now", () => {
    const text = statusReport(ctx(state("ten", MONDAY_10AM - 25 * HOUR), MONDAY_10AM, { plan: plan({ description: null, gates: [] }) }));
    expect(text).toBe("**playlist-editor**: stage **ten** at 10%, progressing (stage entered 2026-12-06 14:00 UTC)\n\nReady to move to **quarter (25%)** now.");
  });

  it("says when there is nothing next", () => {
    const text = statusReport(ctx(state("full", at("2026-12-01T00:00:00Z"), { status: "complete" }), MONDAY_10AM, { plan: plan({ gates: [] }) }));
    expect(text).toBe("**Playlist Editor** (playlist-editor): stage **full** at 100%, complete (stage entered 2026-12-01 00:00 UTC)\n\n- the rollout is complete at full (100%)");
  });

  it("gives no earliest time when the calendar never opens", () => {
    const base = ctx(state("ten", MONDAY_10AM), MONDAY_10AM).settings;
    const closed = { ...base, calendar: { ...base.calendar, freezes: [{ start: 0, end: at("2040-01-01T00:00:00Z"), text: "forever" }] } };
    const text = statusReport(ctx(state("ten", MONDAY_10AM - 2 * 24 * HOUR), MONDAY_10AM, { settings: closed, plan: plan({ gates: [] }) }));
    expect(text).toContain("Next: **quarter (25%)**. Waiting for:\n- calendar: inside the freeze forever, and no open time comes within two years");
  });

  it("escapes what people wrote in the plan", () => {
    const text = statusReport(ctx(state("ten", MONDAY_10AM), MONDAY_10AM, { plan: plan({ description: "Editor [beta] @everyone" }) }));
    expect(text.split("\n")[0]).toContain("**Editor \\[beta\\] @\u200Deveryone**");
  });
});
