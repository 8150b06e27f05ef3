import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildBundles, ROOT } from "../../scripts/package.js";

// These tests read the committed dist/ (the end-to-end tests build their own copy elsewhere, so
// nothing in the suite ever overwrites it): GitHub runs dist/index.js straight from the tag.
const committed = (path: string) => readFileSync(join(ROOT, path));

// The Action's entry and the chunks it loads on first use.
function actionFiles(): string[] {
  const chunks = readdirSync(join(ROOT, "dist", "chunks")).map((name) => join("dist", "chunks", name));
  return [join("dist", "index.js"), ...chunks];
}

describe("dist/", () => {
  it("is what `npm run package` builds from the sources today, byte for byte", async () => {
    const files = await buildBundles();
    // Every chunk the Action loads is built, and nothing stale lies beside them.
    expect(files.map((f) => f.path).sort()).toEqual(expect.arrayContaining([join("dist", "index.js")]));
    expect(actionFiles().sort()).toEqual(files.map((f) => f.path).filter((p) => p !== join("dist", "cli.js") && p !== join("dist", "app-workflow.js") && !p.startsWith(join("dist", "flags"))).sort());
    for (const file of files) {
      const same = Buffer.compare(Buffer.from(file.contents), committed(file.path)) === 0;
      expect(same, `${file.path} is stale: run \`npm run package\` and commit dist/`).toBe(true);
    }
  });

  it("holds no Probot server code and stays under 1 MB, all chunks together", () => {
    const files = actionFiles();
    for (const file of files) {
      const text = committed(file).toString("utf8");
      for (const marker of ["pino-http", "pino-pretty", "createNodeMiddleware", "createProbot", "ProbotOctokit", "smee-client"]) {
        expect(text.includes(marker), `${file} contains ${marker}`).toBe(false);
      }
    }
    const total = files.reduce((sum, file) => sum + statSync(join(ROOT, file)).size, 0);
    expect(total).toBeLessThan(1_000_000);
  });

  it("runs on its own: without inputs it fails the step with a sentence, not a stack trace", () => {
    const result = spawnSync(process.execPath, [join(ROOT, "dist/index.js")], { env: { PATH: process.env.PATH }, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("::error::input token is empty");
    expect(result.stderr).toBe("");
  });

  it("ships the CLI as an executable with a node shebang", () => {
    const cli = committed("dist/cli.js").toString("utf8");
    expect(cli.startsWith("#!/usr/bin/env node\n")).toBe(true);
  });
});
