import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/package.js";

interface Workflow {
  on: unknown;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, { permissions?: unknown; steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }>;
}

const dir = join(ROOT, ".github/workflows");
const ours = readdirSync(dir)
  .filter((f) => f.endsWith(".yml"))
  .map((f) => [f, parse(readFileSync(join(dir, f), "utf8")) as Workflow] as const);

// The workflows users copy from docs/action.md and docs/deploy.md must be as careful as ours.
function workflowsIn(doc: string): Workflow[] {
  return [...readFileSync(join(ROOT, doc), "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => parse(m[1] ?? "") as Partial<Workflow>)
    .filter((w): w is Workflow => typeof w === "object" && w !== null && "jobs" in w && "on" in w);
}
const documented = workflowsIn("docs/action.md");
const deployDoc = workflowsIn("docs/deploy.md");

describe("workflows", () => {
  it("exist: the suite, the dist check, the dry run and the release", () => {
    expect(ours.map(([f]) => f).sort()).toEqual(["check-dist.yml", "release.yml", "stagegate-dry-run.yml", "test.yml"]);
    expect(documented.length).toBeGreaterThan(0);
  });

  it.each([...ours, ...documented.map((w, i) => [`docs/action.md workflow ${i + 1}`, w] as const), ...deployDoc.map((w, i) => [`docs/deploy.md workflow ${i + 1}`, w] as const)])(
    "%s declares its permissions and never expands ${{ }} inside a run: script",
    (_name, workflow) => {
      expect(typeof workflow.permissions).toBe("object");
      expect(JSON.stringify(workflow.permissions)).not.toMatch(/write-all|read-all/);
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps ?? []) if (step.run !== undefined) expect(step.run).not.toContain("${{");
      }
    },
  );

  it("our own workflows only read, except the release job, which writes tags and releases", () => {
    for (const [, workflow] of ours) {
      for (const level of Object.values(workflow.permissions as Record<string, string>)) expect(level).toBe("read");
    }
    const writers = ours.flatMap(([f, w]) => Object.entries(w.jobs).filter(([, job]) => job.permissions !== undefined).map(([name, job]) => [f, name, job.permissions]));
    expect(writers).toEqual([["release.yml", "release", { contents: "write" }]]);
  });

  it("the release runs on vX.Y.Z tags, checks dist/ and the suite first, then publishes notes and moves vX", () => {
    const [, release] = ours.find(([f]) => f === "release.yml")!;
    expect(release.on).toEqual({ push: { tags: ["v[0-9]+.[0-9]+.[0-9]+"] } });
    const verify = release.jobs.verify?.steps.map((s) => s.run ?? "").join("\n") ?? "";
    expect(verify).toContain("npm run package");
    expect(verify).toContain("git status --porcelain -- dist/");
    expect(verify).toContain("npm test");
    expect((release.jobs.release as { needs?: string }).needs).toBe("verify");
    const publish = release.jobs.release?.steps.map((s) => s.run ?? "").join("\n") ?? "";
    expect(publish).toContain("gh release create \"$TAG\" --verify-tag --generate-notes");
    expect(publish).toContain('git push --force origin "refs/tags/$major"');
  });

  it("the documented clock runs on merge, every 15 minutes and by hand, with the least it needs and never two at once", () => {
    const clock = documented[0] as Workflow;
    expect(clock.on).toEqual({ push: { branches: ["main"] }, schedule: [{ cron: "*/15 * * * *" }], workflow_dispatch: null });
    expect(clock.permissions).toEqual({ contents: "write", issues: "write", checks: "read", "pull-requests": "read" });
    expect(clock.concurrency).toEqual({ group: "stagegate-${{ github.repository }}", "cancel-in-progress": false });
  });

  it("the App-token variant commits with the App's token, not GITHUB_TOKEN, which cannot bypass a ruleset", () => {
    const withApp = documented[1] as Workflow;
    const steps = Object.values(withApp.jobs)[0]?.steps ?? [];
    expect(steps[0]?.uses).toMatch(/^actions\/create-github-app-token@/);
    expect(steps[1]?.with?.token).toBe("${{ steps.app-token.outputs.token }}");
    expect(withApp.permissions).toEqual({ contents: "read" });
    expect(withApp.concurrency).toEqual({ group: "stagegate-${{ github.repository }}", "cancel-in-progress": false });
  });

  it("the dry run exercises this checkout's Action on the example plan", () => {
    const [, dryRun] = ours.find(([f]) => f === "stagegate-dry-run.yml")!;
    const step = Object.values(dryRun.jobs)[0]?.steps.find((s) => s.uses === "./");
    expect(step?.with).toMatchObject({ "dry-run": true, rollouts: "examples/playlist-editor/.github/rollouts/*.yml", settings: "examples/playlist-editor/.github/stagegate.yml" });
  });

  it("the App-in-a-workflow recipe runs the committed entry on the App's events, with the App's credentials and no GITHUB_TOKEN rights", () => {
    const [recipe] = deployDoc;
    expect(recipe).toBeDefined();
    expect(Object.keys(recipe?.on as object).sort()).toEqual(["issue_comment", "issues", "pull_request"]);
    expect(recipe?.permissions).toEqual({});
    const steps = Object.values(recipe?.jobs ?? {})[0]?.steps ?? [];
    const entry = steps.find((s) => s.run !== undefined) as { run: string; env?: Record<string, string> } | undefined;
    expect(entry?.run).toBe("node dist/app-workflow.js");
    expect(entry?.env).toEqual({ APP_ID: "${{ vars.STAGEGATE_APP_ID }}", PRIVATE_KEY: "${{ secrets.STAGEGATE_PRIVATE_KEY }}" });
    expect(steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with).toMatchObject({ "persist-credentials": false });
  });
});
