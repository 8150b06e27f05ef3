import { describe, expect, it } from "vitest";
import { handoffLine } from "../../../core/engine/comments.js";
import { outcomeLine, outcomeMarkdown, promote } from "../../../core/engine/index.js";
import { MENTION_BREAK } from "../../../core/markdown/escape.js";
import type { RolloutState } from "../../../core/model.js";
import { HOUR, MONDAY_10AM, ctx, settings, state } from "./fixtures.js";

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

describe("handoffLine", () => {
  const stage = { name: "ten", percent: 10, audience: null, bake: null, exit: [
    { id: "a", title: "A", role: "operations-lead" },
    { id: "b", title: "B", role: "product-manager" },
    { id: "c", title: "C", role: "operations-lead" },
  ] };

  it("names who must tick the stage's exit checklist, each once, and leaves them out of the cc", () => {
    const line = handoffLine(settings(), stage, ["product-manager", "qa-lead"]);
    expect(line).toBe("\n\n👤 Next: the exit checklist of ten, ticked in this issue by @acme/sre (operations-lead), @pam (product-manager).\n\ncc @quinn @qiu");
    expect(line.match(/@pam/g)).toHaveLength(1);
  });

  it("is only the cc for a stage without exit items, and nothing when nobody is to be told", () => {
    expect(handoffLine(settings(), { ...stage, exit: [] }, ["product-manager"])).toBe("\n\ncc @pam");
    expect(handoffLine(settings(), undefined, [])).toBe("");
  });

  it("says in a refusal who holds each missing item's role, by name and without a fresh mention", () => {
    const message = promote(ctx(state("internal", MONDAY_10AM - 8 * 24 * HOUR, { approvals: [] }), MONDAY_10AM), { by: "pam", force: null }).outcome.message;
    expect(message).toContain("No critical bugs (qa-lead: quinn or qiu)");
    expect(message).not.toContain("@quinn");
  });
});

describe("itemList", () => {
  it("says when nobody holds an item's role", async () => {
    const { itemList } = await import("../../../core/engine/wording.js");
    expect(itemList([{ id: "x", title: "X", role: "ghost" }], settings())).toBe("X (ghost: nobody holds it)");
    expect(itemList([{ id: "x", title: "X", role: "security-lead" }])).toBe("X (security-lead)");
  });
});
