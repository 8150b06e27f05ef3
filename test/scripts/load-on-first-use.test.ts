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

  it("names the chunk after its contents, so a stale chunk is never loaded", async () => {
    const chunk = await buildFirstUseChunk(ROOT, "yaml");
    expect(chunk.fileName).toMatch(/^yaml-[0-9A-F]{8}\.cjs$/);
    expect(chunk.exports).toEqual(expect.arrayContaining(["parseDocument", "LineCounter", "Scalar", "YAMLMap", "visit", "isMap"]));
  });
});
