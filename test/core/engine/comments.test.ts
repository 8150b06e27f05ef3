import { describe, expect, it } from "vitest";
import { outcomeLine, outcomeMarkdown, promote } from "../../../core/engine/index.js";
import { MENTION_BREAK } from "../../../core/markdown/escape.js";
import type { RolloutState } from "../../../core/model.js";
import { HOUR, MONDAY_10AM, ctx, state } from "./fixtures.js";

describe("outcomeMarkdown", () => {
  it("keeps a refusal's list a list while escaping what people wrote in it", () => {
    const paused: RolloutState = {
      ...state("ten", MONDAY_10AM - 25 * HOUR),
      status: "paused",
      resumeTo: "progressing",
      history: [{ at: "2026-12-07T14:00:00Z", action: "pause", from: null, to: null, by: "pam", reason: "@everyone see [this](https://evil.example)" }],
    };
    const message = promote(ctx(paused, MONDAY_10AM), { by: "pam", force: null }).outcome.message;
    const [head, item, ...rest] = outcomeMarkdown(message).split("\n");
    expect(rest).toEqual([]);
    expect(head).toBe("Cannot promote playlist-editor to quarter (25%):");
    expect(item).toMatch(/^- the rollout is paused by pam since 2026-12-07 14:00 UTC \(/);
    expect(item).toContain(`@${MENTION_BREAK}everyone see \\[this\\]`);
    expect(item).not.toContain("](https://");
  });
});

describe("outcomeLine", () => {
  it("puts a refusal's listed blockers on the headline's line", () => {
    expect(outcomeLine("Cannot promote x to ten (10%):\n- bake: 14d left\n- gate error-rate failing\n(--force bypasses gates only.)")).toBe(
      "Cannot promote x to ten (10%): bake: 14d left; gate error-rate failing; (--force bypasses gates only.)",
    );
    expect(outcomeLine("Promoted x internal → ten (10%).")).toBe("Promoted x internal → ten (10%).");
  });
});
