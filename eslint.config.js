// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "build/**", "coverage/**", "node_modules/**", "docs/schema/**", "out/**", "bench/results.json"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The core is pure: it never talks to the network, the disk, the process or GitHub,
    // and it never reads the clock (time is a parameter), so every decision can be replayed.
    files: ["core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["fs", "node:fs", "fs/promises", "node:fs/promises", "http", "node:http", "https", "node:https", "net", "node:net", "child_process", "node:child_process", "process", "node:process", "probot", "@octokit/rest"].map((name) => ({ name, message: "core/ is pure: do I/O in app/ or action/ and pass the facts in." })),
          patterns: [
            { group: ["@actions/*"], message: "core/ is pure: @actions/* belongs in action/." },
            { group: ["probot/*", "@octokit/*"], message: "core/ is pure: GitHub access belongs behind the port." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "core/ is pure: pass configuration in as parameters." }, { name: "fetch", message: "core/ is pure: no network." }],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "core/ takes time as a parameter: never read the clock." },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "core/ takes time as a parameter: never read the clock." },
        { selector: "MemberExpression[object.name='globalThis'][property.name='process']", message: "core/ is pure: pass configuration in as parameters." },
      ],
    },
  },
  {
    // Every write to GitHub is a value applied in one place (runtime/writes.ts), so what a run
    // writes can be listed and printed; the shells and the runtime never call a writing method.
    files: ["app/**/*.ts", "action/**/*.ts", "runtime/**/*.ts", "cli/**/*.ts", "metrics/**/*.ts"],
    ignores: ["runtime/writes.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(commitFile|createIssue|updateIssue|createComment|addReaction|createCheckRun|updateCheckRun)$/]",
          message: "Writes to GitHub go through applyWrite (runtime/writes.ts).",
        },
      ],
    },
  },
);
