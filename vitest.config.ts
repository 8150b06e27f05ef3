import { defineConfig } from "vitest/config";

// Coverage is measured and gated for every folder of the product, each on its own. The Action's
// tests run its entry from source in the test process (test/action/harness.ts), so its code
// counts too; the bundle still runs in child processes where runs must overlap.
//
// The target for every folder is 95% of lines and 90% of branches (the core keeps its 95% of
// branches). Folders not there yet are gated just under what they measure today, so coverage can
// only go up; docs/architecture.md lists them. Raise a gate to the target when its folder gets there.
const TARGET = { lines: 95, branches: 90 };
const GATES: Record<string, { lines: number; branches: number }> = {
  core: { lines: 95, branches: 95 },
  app: TARGET,
  action: TARGET,
  port: TARGET,
  runtime: TARGET,
  metrics: TARGET,
  cli: TARGET,
};

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: "v8",
      include: Object.keys(GATES).map((folder) => `${folder}/**/*.ts`),
      reporter: ["text-summary", "text"],
      // A failing test should not hide where coverage stands.
      reportOnFailure: true,
      thresholds: Object.fromEntries(Object.entries(GATES).map(([folder, gate]) => [`${folder}/**/*.ts`, gate])),
    },
  },
});
