import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFirstUseChunk, loadOnFirstUse } from "../../scripts/load-on-first-use.js";
import { ROOT } from "../../scripts/package.js";

// A bundle that imports yaml the way core/ does, built as dist/ is (entry beside chunks/), and run
// in a process of its own: the library must stay unloaded until used, then behave as itself.
const PROGRAM = `
import { createRequire } from "node:module";
import { isMap, isScalar, LineCounter, parseDocument, Scalar, visit, YAMLMap } from "yaml";
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => /yaml-[0-9A-F]{8}\\.cjs$/.test(p));
const out = { before: loaded() };
const lines = new LineCounter();
const doc = parseDocument("a: 1\\nb: [x, y]\\n", { lineCounter: lines });
out.after = loaded();
out.isMap = isMap(doc.contents);
out.instance = doc.contents instanceof YAMLMap;
out.ownScalar = new Scalar(3) instanceof Scalar && isScalar(new Scalar(3));
out.position = lines.linePos(doc.contents.items[1].key.range[0]);
out.breakIsSymbol = typeof visit.BREAK === "symbol";
let seen = 0;
visit(doc, { Scalar() { seen += 1; return seen === 2 ? visit.BREAK : undefined; } });
out.visited = seen;
class Tagged extends Scalar {}
out.subclass = new Tagged(1) instanceof Scalar;
console.log(JSON.stringify(out));
`;

describe("load-on-first-use dependencies", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "stagegate-first-use-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("stay unloaded until first used, then act as the library itself", async () => {
    const chunk = await buildFirstUseChunk(ROOT, "yaml");
    await mkdir(join(dir, "chunks"));
    await writeFile(join(dir, "chunks", chunk.fileName), chunk.contents);
    await build({ absWorkingDir: ROOT, stdin: { contents: PROGRAM, resolveDir: ROOT, loader: "js" }, bundle: true, platform: "node", format: "esm", outfile: join(dir, "index.mjs"), plugins: [loadOnFirstUse([chunk])], logLevel: "silent" });
    const run = spawnSync(process.execPath, [join(dir, "index.mjs")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      before: false,
      after: true,
      isMap: true,
      instance: true,
      ownScalar: true,
      position: { line: 2, col: 1 },
      breakIsSymbol: true,
      visited: 2,
      subclass: true,
    });
  });

  it("leave luxon unloaded for the usual freeze bounds, and read the others with it", async () => {
    const chunk = await buildFirstUseChunk(ROOT, "luxon");
    const program = `
import { createRequire } from "node:module";
import { freezeBound, luxonBound } from ${JSON.stringify(join(ROOT, "core", "calendar", "freeze-bound.ts"))};
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => /luxon-[0-9A-F]{8}\\.cjs$/.test(p));
const usual = freezeBound("2026-12-20", "America/New_York", "start");
const out = { usual, before: loaded() };
out.skipped = freezeBound("2026-03-08T02:30", "America/New_York", "start");
out.after = loaded();
out.same = out.skipped === luxonBound("2026-03-08T02:30", "America/New_York", "start");
out.invalid = freezeBound("2026-02-30", "America/New_York", "start");
console.log(JSON.stringify(out));
`;
    const here = join(dir, "luxon");
    await mkdir(join(here, "chunks"), { recursive: true });
    await writeFile(join(here, "chunks", chunk.fileName), chunk.contents);
    await build({ absWorkingDir: ROOT, stdin: { contents: program, resolveDir: ROOT, loader: "ts" }, bundle: true, platform: "node", format: "esm", outfile: join(here, "index.mjs"), plugins: [loadOnFirstUse([chunk])], logLevel: "silent" });
    const run = spawnSync(process.execPath, [join(here, "index.mjs")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      usual: Date.parse("2026-12-20T05:00:00Z"),
      before: false,
      // Skipped by the spring-forward change: luxon moves it on by the hour skipped.
      skipped: Date.parse("2026-03-08T07:30:00Z"),
      after: true,
      same: true,
      invalid: '"2026-02-30" is not a real date',
    });
  });

  it("names the chunk after its contents, so a stale chunk is never loaded", async () => {
    const chunk = await buildFirstUseChunk(ROOT, "yaml");
    expect(chunk.fileName).toMatch(/^yaml-[0-9A-F]{8}\.cjs$/);
    expect(chunk.exports).toEqual(expect.arrayContaining(["parseDocument", "LineCounter", "Scalar", "YAMLMap", "visit", "isMap"]));
  });
});
