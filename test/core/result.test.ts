import { describe, expect, it } from "vitest";
import { fail, formatProblem, ok } from "../../core/result.js";

describe("problems", () => {
  it("print as path:line:col: message, the form editors and CI logs link to", () => {
    expect(formatProblem({ file: ".github/rollouts/a.yml", line: 3, col: 7, message: "bad" })).toBe(".github/rollouts/a.yml:3:7: bad");
  });
  it("results carry either a value or problems", () => {
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(fail([])).toEqual({ ok: false, problems: [] });
  });
});
