// Dependencies the Action bundles but loads only when a run calls into them. A scheduled run
// pays the Action's start-up every time, and most runs never need some of what it bundles: the
// yaml library (115 KiB) reads a file the position-keeping way only when the file has a problem
// to point at, and edits a state file only when a run commits one, yet compiling and evaluating
// it cost about 8 ms of CPU on every run (bench/startup.ts, docs/performance.md).
//
// esbuild splits a bundle only at `import()`, which would make every caller asynchronous. So such a
// dependency is built into a chunk of its own (dist/chunks/<name>-<hash>.cjs), and the bundle
// imports a stand-in instead: each of the library's functions and classes is a binding that, on
// first use (a call, `new`, or a property such as `visit.BREAK`), loads the chunk synchronously
// and rebinds every name to the library's own, so later uses go straight to the library and
// `instanceof` sees its real classes.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";

export interface FirstUseChunk {
  /** The package, as imported (`yaml`). */
  name: string;
  /** File name inside dist/chunks/, with a content hash as the other chunks have. */
  fileName: string;
  contents: Uint8Array;
  /** The package's exports that are functions or classes: what the stand-in provides. */
  exports: string[];
}

/** Builds `name` into a CommonJS chunk of its own, minified like the rest of dist/. */
export async function buildFirstUseChunk(root: string, name: string): Promise<FirstUseChunk> {
  const result = await build({
    absWorkingDir: root,
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, loader: "js" },
    bundle: true,
    platform: "node",
    target: "node24",
    format: "cjs",
    minify: true,
    sourcemap: false,
    legalComments: "none",
    logLevel: "silent",
    write: false,
  });
  const contents = result.outputFiles[0]?.contents;
  if (contents === undefined) throw new Error(`esbuild built nothing for ${name}`);
  const hash = createHash("sha256").update(contents).digest("hex").slice(0, 8).toUpperCase();
  const library = createRequire(join(root, "package.json"))(name) as Record<string, unknown>;
  const exports = Object.keys(library)
    .filter((key) => typeof library[key] === "function" && /^[A-Za-z_$][\w$]*$/.test(key))
    .sort();
  return { name, fileName: `${name}-${hash}.cjs`, contents, exports };
}

/** The module the bundle imports in place of the package. */
function standIn(chunk: FirstUseChunk): string {
  const names = chunk.exports;
  // node:module is taken when the chunk is loaded: importing it costs every run its namespace.
  return `// The chunk sits in dist/chunks/, beside this code or below it.
const here = import.meta.url;
const path = (/\\/chunks\\/[^/]*$/.test(here) ? "./" : "./chunks/") + ${JSON.stringify(chunk.fileName)};
let library = null;
function load() {
  if (library === null) {
    library = process.getBuiltinModule("node:module").createRequire(here)(path);
    ${names.map((n) => `${n} = library.${n};`).join(" ")}
  }
  return library;
}
function firstUse(name) {
  const stand = new Proxy(function () {}, {
    apply: (_, self, args) => Reflect.apply(load()[name], self, args),
    construct: (_, args, target) => Reflect.construct(load()[name], args, target === stand ? load()[name] : target),
    get: (_, key) => Reflect.get(load()[name], key),
  });
  return stand;
}
${names.map((n) => `export let ${n} = firstUse(${JSON.stringify(n)});`).join("\n")}
`;
}

/** Resolves each package of `chunks` to its stand-in. */
export function loadOnFirstUse(chunks: readonly FirstUseChunk[]): Plugin {
  const byName = new Map(chunks.map((c) => [c.name, c]));
  const filter = new RegExp(`^(${chunks.map((c) => c.name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})$`);
  return {
    name: "load-on-first-use",
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: "load-on-first-use" }));
      b.onLoad({ filter: /.*/, namespace: "load-on-first-use" }, (args) => ({ contents: standIn(byName.get(args.path) as FirstUseChunk), loader: "js" }));
    },
  };
}
