import { describe, expect, it } from "vitest";
import { progressBar, row } from "../../../core/tracking-issue/format.js";

describe("progress bar", () => {
  it("has ten cells, a half cell for 5% or more of a cell, and the percent", () => {
    expect(progressBar(0)).toBe("░░░░░░░░░░ 0%");
    expect(progressBar(1)).toBe("░░░░░░░░░░ 1%");
    expect(progressBar(25)).toBe("██▌░░░░░░░ 25%");
    expect(progressBar(50)).toBe("█████░░░░░ 50%");
    expect(progressBar(100)).toBe("██████████ 100%");
  });

  it("stays ten cells for out-of-range values from a hand-edited state", () => {
    expect(progressBar(150)).toBe("██████████ 150%");
    expect(progressBar(-5)).toBe("░░░░░░░░░░ -5%");
  });
});

describe("rows", () => {
  it("keep empty cells as cells", () => {
    expect(row(["a", "", "b"])).toBe("| a |   | b |");
  });
});
