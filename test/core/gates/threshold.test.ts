import { describe, expect, it } from "vitest";
import { formatValue, satisfies, thresholdText } from "../../../core/gates.js";

describe("thresholds", () => {
  it.each([
    [{ below: 0.001, above: null }, 0.0009, true, "< 0.001"],
    [{ below: 0.001, above: null }, 0.001, false, "< 0.001"],
    [{ below: null, above: 0.05 }, 0.05, false, "> 0.05"],
    [{ below: null, above: 0.05 }, 0.0501, true, "> 0.05"],
    [{ below: 2, above: 1 }, 1.5, true, "> 1 and < 2"],
    [{ below: 2, above: 1 }, 2.5, false, "> 1 and < 2"],
    [{ below: 2, above: 1 }, 0.5, false, "> 1 and < 2"],
  ])("%o with %d: holds=%s, written %s", (condition, value, holds, text) => {
    expect(satisfies(condition, value)).toBe(holds);
    expect(thresholdText(condition)).toBe(text);
  });

  it("shows values with four significant digits", () => {
    expect(formatValue(0.012345)).toBe("0.01235");
    expect(formatValue(1234.5678)).toBe("1235");
    expect(formatValue(0.0004)).toBe("0.0004");
  });
});
