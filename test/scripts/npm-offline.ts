// Installs packages the way an administrator would (`npm ci`), but from npm's local cache only,
// so the packaging tests need no network: the checkout's own `npm ci` has already put every
// tarball of package-lock.json in the cache.
//
// This project's lock file is written without `resolved` URLs (omit-lockfile-registry-resolved),
// and without them an offline install asks for package metadata the cache may not hold. The
// tarball URLs are what npm itself would derive, so they are filled in before installing.
import { execFile, execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../../scripts/package.js";

const run = promisify(execFile);

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  dev?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

export interface Lock {
  name?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

let registry: string | null = null;

/** The registry npm is configured with here: the cache keys tarballs by their URL on it. */
function registryUrl(): string {
  registry ??= execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8", env: npmEnv() }).trim().replace(/\/?$/, "/");
  return registry;
}

/** The lock file with each registry package's tarball URL written out. */
export function withResolved(lock: Lock): Lock {
  const packages: Record<string, LockEntry> = {};
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === "" || entry.link || entry.resolved || entry.version === undefined) {
      packages[path] = entry;
      continue;
    }
    const name = entry.name ?? path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    packages[path] = { ...entry, resolved: `${registryUrl()}${name}/-/${name.split("/").pop() ?? name}-${entry.version}.tgz` };
  }
  return { ...lock, packages };
}

export async function projectLock(): Promise<Lock> {
  return JSON.parse(await readFile(join(ROOT, "package-lock.json"), "utf8")) as Lock;
}

/** `npm ci --offline` in `dir`, with more arguments (`--omit=dev`); the error names what to do. */
export async function npmCiOffline(dir: string, args: string[] = []): Promise<void> {
  const lockFile = join(dir, "package-lock.json");
  await writeFile(lockFile, JSON.stringify(withResolved(JSON.parse(await readFile(lockFile, "utf8")) as Lock), null, 2));
  try {
    await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel=error", ...args], { cwd: dir, env: npmEnv() });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`npm ci --offline failed in ${dir}; run \`npm ci\` in the checkout first (it fills npm's cache).\n${stderr ?? String(error)}`, { cause: error });
  }
}

/** npm and the `node` it starts: Node 24 first on the PATH, as npm scripts have it. */
export function npmEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${join(process.execPath, "..")}:${process.env.PATH ?? ""}` };
}
