// `npm start`'s command line, run as the real process: what --help promises, and the sentence and
// exit code a mistyped story or a missing Action bundle gets. (Playing the stories themselves is
// stories.test.ts.)
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createActionRunner } from "../../sandbox/story/action-runner.js";

function start(...args: string[]) {
  const run = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "sandbox/start.ts", ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm start", () => {
  it("lists its options and stories with --help", () => {
    const run = start("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm start -- \[--story <name>\] \[--out <dir>\]/);
    for (const option of ["--story <name>", "--out <dir>", "--quiet", "-h, --help"]) expect(run.stdout).toContain(option);
    expect(run.stdout).toMatch(/^ +seed +the Playlist Editor plan from its pull request to 100%/m);
    expect(run.stdout).toMatch(/^ +rollback +10%, an error-rate spike/m);
    expect(run.stdout).toContain("out/sandbox/<story>/");
  });

  it("names the stories it has when asked for another, and exits 1", () => {
    const run = start("--story", "canary");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('npm start: there is no story "canary"; the stories are seed, rollback.\n');
  });

  it("refuses an unknown option with the usage", () => {
    const run = start("--speed", "fast");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^npm start: Unknown option '--speed'/);
    expect(run.stderr).toContain("Usage: npm start");
  });

  it("says how to build the Action when its bundle is missing", () => {
    expect(() => createActionRunner({ entry: "/nonexistent/dist/index.js", apiUrl: "http://127.0.0.1:1", repository: "acme/music", token: "t" })).toThrow(
      "The Action's bundle /nonexistent/dist/index.js is missing. Build it with `npm run package` (it is normally committed), then run again.",
    );
  });
});
