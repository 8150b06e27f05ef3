import { describe, expect, it } from "vitest";
import { chromiumMissing } from "../../sandbox/render/browser.js";

describe("the rendering check's browser", () => {
  it("names Debian's chromium package when the binary is missing", () => {
    expect(chromiumMissing("/nonexistent/chromium")).toMatch(/install Debian's `chromium` package/);
  });
});
