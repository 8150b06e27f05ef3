// The bundles a service installs: `stagegate/flags` (Node) and `stagegate/flags/web` (browsers),
// resolved through the package's own exports, with the OpenFeature SDKs as peers.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { OpenFeature } from "@openfeature/server-sdk";
import { describe, expect, it } from "vitest";
import { emitFlagTypes, ROOT } from "../../../scripts/package.js";
import { IN_AT_10, planText, stateText } from "./fixtures.js";

describe("the flags bundles", () => {
  it("serve a rollout through stagegate/flags", async () => {
    const flags = await import("stagegate/flags");
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

  it("ship type declarations that are what `npm run package` emits today", () => {
    const out = mkdtempSync(join(tmpdir(), "stagegate-flag-types-"));
    try {
      emitFlagTypes(ROOT, out);
      const committed = join(ROOT, "dist", "flags", "types");
      const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
      expect(files(committed), "dist/flags/types is stale: run `npm run package`").toEqual(files(out));
      for (const file of files(out)) expect(readFileSync(join(committed, file), "utf8"), `${file} is stale: run \`npm run package\``).toBe(readFileSync(join(out, file), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
