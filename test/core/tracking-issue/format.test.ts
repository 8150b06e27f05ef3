import { describe, expect, it } from "vitest";
import { link, progressBar, row } from "../../../core/tracking-issue/format.js";

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

describe("links and rows", () => {
  it("link only http(s) addresses, with characters that could end the link encoded", () => {
    expect(link("state", "https://example.com/a b")).toBe("[state](https://example.com/a%20b)");
    expect(link("state", "https://example.com/\u2028x")).toBe("[state](https://example.com/%E2%80%A8x)");
    expect(link("state", "data:text/html,x")).toBe("state");
  });

  it("keep empty cells as cells", () => {
    expect(row(["a", "", "b"])).toBe("| a |   | b |");
  });
});
