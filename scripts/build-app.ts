// `npm run build`: the App server and its admin command for production, bundled like the Action
// (scripts/package.ts) but with npm dependencies left as imports, so that plain `node build/app.js`
// and `node build/admin.js` run with nothing but `npm ci --omit=dev` (no tsx, no TypeScript). build/ is not committed: hosts and the
// Dockerfile build it from a checkout. (The App for a workflow is a committed, self-contained
// bundle instead: dist/app-workflow.js, made by `npm run package`.)
import { statSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { ROOT } from "./package.js";

// The server, and `npm run admin` (the failed set on Redis): a host that runs the one can run the
// other with production dependencies only.
export const APP_ENTRIES = { app: "app/main.ts", admin: "app/admin-main.ts" } as const;

/** Bundles the App's entries into `<outRoot>/build/`; returns the files written. */
export async function buildApp(root = ROOT, outRoot = root): Promise<string[]> {
  const outdir = join(outRoot, "build");
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: APP_ENTRIES,
    outdir,
    bundle: true,
    // Dependencies stay in node_modules: the production install provides them.
    packages: "external",
    platform: "node",
    target: "node24",
    format: "esm",
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "silent",
    metafile: true,
  });
  return Object.keys(result.metafile.outputs).map((path) => resolve(root, path));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const path of await buildApp()) {
    if (path.endsWith(".map")) continue;
    console.log(`${relative(ROOT, path)}  ${(statSync(path).size / 1024).toFixed(0)} KiB`);
  }
}
