// The bundles a service installs: `stagegate/flags` (Node) and `stagegate/flags/web` (browsers),
// resolved through the package's own exports, with the OpenFeature SDKs as peers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OpenFeature } from "@openfeature/server-sdk";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/package.js";
import { IN_AT_10, planText, stateText } from "./fixtures.js";

describe("the flags bundles", () => {
  it("serve a rollout through stagegate/flags", async () => {
    // Through a variable: the bundle ships without type declarations.
    const specifier = "stagegate/flags";
    const flags = (await import(specifier)) as typeof import("../../../sdk/flags/index.js");
    await OpenFeature.setProviderAndWait("bundle", new flags.StagegateProvider({ sources: flags.objectSource({ state: stateText(), plan: planText }) }));
    expect(await OpenFeature.getClient("bundle").getBooleanValue("playlist-editor", false, { targetingKey: IN_AT_10 })).toBe(true);
    await OpenFeature.close();
  });

  it("carry no probot, Octokit or Node built-ins into the browser bundle, and import the SDKs rather than bundle them", () => {
    const web = readFileSync(join(ROOT, "dist/flags/web.js"), "utf8");
    const server = readFileSync(join(ROOT, "dist/flags/index.js"), "utf8");
    for (const text of [web, server]) {
      for (const marker of ["probot", "@octokit", "createNodeMiddleware"]) expect(text.includes(marker), marker).toBe(false);
    }
    expect(web).not.toMatch(/from"node:/);
    expect(web).toMatch(/from"@openfeature\/web-sdk"/);
    expect(server).toMatch(/from"@openfeature\/server-sdk"/);
  });
});
