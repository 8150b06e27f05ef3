import { describe, expect, it } from "vitest";
import { lineDiff } from "../../action/text-diff.js";

describe("lineDiff", () => {
  it("shows a new file as all additions", () => {
    expect(lineDiff(null, "rollout: x\nstage: internal\n")).toBe("+ rollout: x\n+ stage: internal");
  });

  it("marks changed lines and folds unchanged lines far from any change", () => {
    const before = ["# header", "rollout: x", "stage: ten", "percent: 10", "status: progressing", "entered: a", "approvals: []", "history:", "  - one"].join("\n");
    const after = ["# header", "rollout: x", "stage: quarter", "percent: 25", "status: progressing", "entered: b", "approvals: []", "history:", "  - one", "  - two"].join("\n");
    expect(lineDiff(before, after, 1)).toBe(
      ["  …", "  rollout: x", "- stage: ten", "- percent: 10", "+ stage: quarter", "+ percent: 25", "  status: progressing", "- entered: a", "+ entered: b", "  approvals: []", "  …", "    - one", "+   - two"].join("\n"),
    );
  });

  it("is empty when nothing changes", () => {
    expect(lineDiff("a\nb\n", "a\nb\n", 0)).toBe("  …");
  });
});
