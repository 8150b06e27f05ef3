import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { inShare } from "../../core/flags/bucket.js";
import { VECTOR_PERCENTS, vectorsFileText, type FlagVector } from "../../scripts/flag-vectors.js";

const committed = readFileSync(resolve(import.meta.dirname, "../../docs/flags/vectors.json"), "utf8");

describe("docs/flags/vectors.json", () => {
  it("is what the rule gives today (npm run flag-vectors rewrites it)", () => {
    expect(committed).toBe(vectorsFileText());
  });

  it("covers several flags, non-ASCII keys and every percent the rule must get right", () => {
    const vectors = JSON.parse(committed) as FlagVector[];
    expect(vectors.length).toBeGreaterThan(2000);
    expect(new Set(vectors.map((v) => v.flag)).size).toBeGreaterThanOrEqual(4);
    expect(vectors.some((v) => [...v.key].some((c) => c.charCodeAt(0) > 0x7f))).toBe(true);
    expect([...new Set(vectors.map((v) => v.percent))]).toEqual(VECTOR_PERCENTS);
    for (const v of vectors) expect(inShare(v.flag, v.key, v.percent)).toBe(v.on);
  });
});
