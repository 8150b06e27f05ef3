import { expect, it } from "vitest";

// Actions run on Node 24: the suite must too, whatever node the machine has.
it("runs on Node 24 or later", () => {
  expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(24);
});
