// `npm run package`: bundles the Action and the CLI into dist/, which is committed because a
// `uses: owner/stagegate@v1` step runs dist/index.js straight from the repository, with no
// `npm install`. The build is deterministic (same sources, same bytes) so a test can rebuild
// in memory and fail when the committed dist/ is stale.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions, type Plugin } from "esbuild";
import { buildFirstUseChunk, loadOnFirstUse, type FirstUseChunk } from "./load-on-first-use.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// Some dependencies are CommonJS and call `require`; an ESM bundle has none, so make one.
export const REQUIRE_SHIM = 'import { createRequire as __stagegateCreateRequire } from "node:module"; const require = __stagegateCreateRequire(import.meta.url);';

/**
 * The same `require`, made on first call: the Action's start-up is paid on every scheduled run, and
 * importing node:module builds its whole namespace (loading Node's source-map support with it).
 */
export const LAZY_REQUIRE_SHIM =
  'let __stagegateRequire; const require = Object.assign((id) => (__stagegateRequire ??= process.getBuiltinModule("node:module").createRequire(import.meta.url))(id), { resolve: (id, options) => (__stagegateRequire ??= process.getBuiltinModule("node:module").createRequire(import.meta.url)).resolve(id, options) });';

export interface BundleSpec {
  entry: string;
  outfile: string;
  banner: string;
  /**
   * Split into chunks loaded on first use (dist/chunks/): a run then compiles only the code it
   * reaches. The Action's start-up is paid on every scheduled run, so it is split; the CLI is not.
   */
  split?: boolean;
  /** Default node. The browser bundle of the flags SDK is built for browsers. */
  platform?: "node" | "browser";
  /** Left to the consumer: the OpenFeature SDKs are peer dependencies of the flags bundles. */
  external?: string[];
  /**
   * Packages built into chunks of their own and loaded on first use, synchronously
   * (scripts/load-on-first-use.ts): what a run mostly does not need. Needs `split`.
   */
  firstUse?: string[];
}

/** What a service installs beside stagegate's flags bundles (package.json peerDependencies). */
const OPENFEATURE_PEERS = ["@openfeature/server-sdk", "@openfeature/web-sdk", "@openfeature/core"];

/**
 * The bundles dist/ holds; the CLI only once its entry exists. dist/app-workflow.js is the App for
 * a workflow (app/workflow.ts): committed for the same reason as the Action, so that a workflow
 * runs it from a checkout of a tag without installing anything.
 */
export function bundleSpecs(root = ROOT): BundleSpec[] {
  // yaml: only a file with a problem, or a state commit, needs the position-keeping reader.
  // luxon: only a freeze bound next to a change of offset (core/calendar/freeze-bound.ts).
  const specs: BundleSpec[] = [{ entry: "action/index.ts", outfile: "dist/index.js", banner: LAZY_REQUIRE_SHIM, split: true, firstUse: ["yaml", "luxon"] }];
  // `stagegate/flags` and `stagegate/flags/web`: the OpenFeature providers, without probot.
  if (existsSync(join(root, "sdk/flags/index.ts"))) {
    specs.push({ entry: "sdk/flags/index.ts", outfile: "dist/flags/index.js", banner: "", external: OPENFEATURE_PEERS });
    specs.push({ entry: "sdk/flags/web.ts", outfile: "dist/flags/web.js", banner: "", platform: "browser", external: OPENFEATURE_PEERS });
  }
  if (existsSync(join(root, "bin/stagegate.ts"))) {
    specs.push({ entry: "bin/stagegate.ts", outfile: "dist/cli.js", banner: `#!/usr/bin/env node\n${REQUIRE_SHIM}` });
  }
  if (existsSync(join(root, "app/workflow-main.ts"))) {
    specs.push({ entry: "app/workflow-main.ts", outfile: "dist/app-workflow.js", banner: REQUIRE_SHIM });
  }
  return specs;
}

export interface BuiltFile {
  /** Relative to the root, e.g. `dist/index.js`. */
  path: string;
  contents: Uint8Array;
}

/**
 * Keeps the bundle small (a test holds it under 1 MB) by leaving out two things stagegate never
 * runs: @actions/http-client (with undici, ~400 KB), which @actions/core imports only for
 * getIDToken (OIDC), and zod's ~40 message translations (~250 KB), of which only English is used.
 * Anything that did reach the stub would fail loudly rather than misbehave.
 */
const trimUnusedDependencies: Plugin = {
  name: "trim-unused-dependencies",
  setup(b) {
    b.onResolve({ filter: /^@actions\/http-client(\/.*)?$/ }, (args) => ({ path: args.path, namespace: "stagegate-stub" }));
    b.onLoad({ filter: /.*/, namespace: "stagegate-stub" }, () => ({
      contents:
        'const unused = () => { throw new Error("@actions/http-client is not bundled: stagegate does not request OIDC tokens"); };\n' +
        "export class HttpClient { constructor() { unused(); } }\nexport class BearerCredentialHandler { constructor() { unused(); } }\n",
      loader: "js",
    }));
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), "../locales/en.js"), namespace: "zod-locales" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};\n`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

function options(root: string, spec: BundleSpec, firstUse: readonly FirstUseChunk[] = []): BuildOptions {
  return {
    absWorkingDir: root,
    bundle: true,
    ...(spec.split
      ? {
          entryPoints: { [basename(spec.outfile, ".js")]: spec.entry },
          outdir: dirname(spec.outfile),
          splitting: true,
          // Content hashes in the names: a stale chunk can never be loaded by a newer entry.
          chunkNames: "chunks/[name]-[hash]",
        }
      : { entryPoints: [spec.entry], outfile: spec.outfile }),
    platform: spec.platform ?? "node",
    target: spec.platform === "browser" ? "es2022" : "node24",
    ...(spec.external ? { external: spec.external } : {}),
    format: "esm",
    minify: true,
    // Source maps and licence comments would carry absolute paths and vary between checkouts.
    sourcemap: false,
    legalComments: "none",
    banner: { js: spec.banner },
    plugins: firstUse.length > 0 ? [loadOnFirstUse(firstUse), trimUnusedDependencies] : [trimUnusedDependencies],
    logLevel: "silent",
    write: false,
  };
}

/** Builds every bundle in memory. */
export async function buildBundles(root = ROOT): Promise<BuiltFile[]> {
  const files: BuiltFile[] = [];
  for (const spec of bundleSpecs(root)) {
    const firstUse = await Promise.all((spec.firstUse ?? []).map((name) => buildFirstUseChunk(root, name)));
    for (const chunk of firstUse) files.push({ path: join(dirname(spec.outfile), "chunks", chunk.fileName), contents: chunk.contents });
    const result = await build(options(root, spec, firstUse));
    for (const file of result.outputFiles ?? []) files.push({ path: relative(root, file.path), contents: file.contents });
  }
  return files;
}

/** Builds and writes the bundles under `outRoot` (the repository root by default: dist/…). */
export async function writeBundles(root = ROOT, outRoot = root): Promise<string[]> {
  const written: string[] = [];
  const files = await buildBundles(root);
  // Chunk names carry content hashes: without this, every change would leave the old ones behind.
  await rm(join(outRoot, "dist", "chunks"), { recursive: true, force: true });
  for (const file of files) {
    const target = join(outRoot, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.contents, { mode: file.path.endsWith("cli.js") ? 0o755 : 0o644 });
    written.push(target);
  }
  return written;
}

/**
 * The type declarations of the flags bundles (`stagegate/flags`, `stagegate/flags/web`), emitted
 * by TypeScript from tsconfig.flags.json into `outDir` (default dist/flags/types).
 */
export function emitFlagTypes(root = ROOT, outDir = join(root, "dist", "flags", "types")): void {
  const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.flags.json"), "--outDir", outDir], { cwd: root, encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`tsc could not emit the flags' type declarations:\n${tsc.stdout}${tsc.stderr}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const path of await writeBundles()) {
    const size = statSync(path).size;
    console.log(`${relative(ROOT, path)}  ${(size / 1024).toFixed(0)} KiB`);
  }
  await rm(join(ROOT, "dist", "flags", "types"), { recursive: true, force: true });
  emitFlagTypes();
  console.log("dist/flags/types/  type declarations of stagegate/flags and stagegate/flags/web");
}
