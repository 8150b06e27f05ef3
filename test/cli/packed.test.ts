// The CLI as a user gets it: `npm pack`, install the tarball into an empty folder, and run
// `npx stagegate` there on the example plan. The install is offline, from npm's cache.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROOT } from "../../scripts/package.js";
import { npmCiOffline, npmEnv, projectLock } from "../scripts/npm-offline.js";

const run = promisify(execFile);
let dir: string;
let packed: { filename: string; size: number; files: Array<{ path: string }> };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stagegate-packed-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT, env: npmEnv() });
  packed = (JSON.parse(stdout) as Array<typeof packed>)[0] as typeof packed;

  // An empty project depending on the tarball; its lock file pins the tarball's dependencies to
  // this checkout's versions, which is what lets npm install them from the cache.
  const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
  const lock = await projectLock();
  const tarball = `file:${packed.filename}`;
  const packages: Record<string, unknown> = {
    "": { name: "consumer", dependencies: { stagegate: tarball } },
    "node_modules/stagegate": { version: manifest.version, resolved: tarball, license: manifest.license, dependencies: manifest.dependencies, bin: manifest.bin, engines: manifest.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== "" && !entry.dev && !entry.link) packages[path] = entry;
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies: { stagegate: tarball } }));
  await writeFile(join(dir, "package-lock.json"), JSON.stringify({ name: "consumer", lockfileVersion: 3, requires: true, packages }));
  await npmCiOffline(dir);
  await cp(join(ROOT, "examples/playlist-editor"), join(dir, "example"), { recursive: true });
}, 180_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

function npx(...args: string[]) {
  return run("npx", ["--no", "--", "stagegate", ...args], { cwd: dir, env: npmEnv() });
}

it("ships the CLI bundle and the flags bundles, and nothing else of the tree", () => {
  const paths = packed.files.map((f) => f.path).sort();
  expect(paths.filter((p) => !p.startsWith("dist/flags/"))).toEqual(["LICENSE", "README.md", "dist/cli.js", "package.json"]);
  // stagegate/flags and stagegate/flags/web, each with its type declarations.
  expect(paths).toEqual(expect.arrayContaining(["dist/flags/index.js", "dist/flags/web.js", "dist/flags/types/sdk/flags/index.d.ts", "dist/flags/types/sdk/flags/web.d.ts"]));
  // docs/deploy.md states the size; a tarball many times larger means `files` let something in.
  expect(packed.size).toBeLessThan(300_000);
});

it("answers --version with the package's version", async () => {
  const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
  expect((await npx("--version")).stdout).toBe(`${manifest.version}\n`);
});

it("validates the example plan with its settings", async () => {
  const { stdout } = await npx("validate", "example/.github/rollouts/playlist-editor.yml", "example/.github/stagegate.yml");
  expect(stdout).toMatch(/^example\/\.github\/rollouts\/playlist-editor\.yml: ok/m);
  expect(stdout).toMatch(/^example\/\.github\/stagegate\.yml: ok/m);
});

it("simulates the example plan's timeline", async () => {
  const { stdout } = await npx("simulate", "example/.github/rollouts/playlist-editor.yml", "--start", "2026-11-30T09:00", "--json");
  const timeline = JSON.parse(stdout) as { rollout: string; stages: Array<{ name: string; percent: number; enter: string }> };
  expect(timeline.rollout).toBe("playlist-editor");
  expect(timeline.stages.at(-1)?.percent).toBe(100);
});
