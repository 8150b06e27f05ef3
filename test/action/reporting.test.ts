import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/package.js";
import { parsePlan } from "../../core/parse-plan.js";
import { parseSettings } from "../../core/parse-settings.js";
import { parseState } from "../../core/state/parse-state.js";
import { rolloutsOutput } from "./harness.js";
import { PLAN_YAML, REPO, SETTINGS_YAML, STATE_PATH, scenario, stateAt, stateYaml, writes, type Scenario } from "./scenario.js";

let s: Scenario;
afterEach(() => s?.close());

const BROKEN_PATH = ".github/rollouts/broken.yml";
const BROKEN_YAML = `signoff: []
stages:
  - { name: internal, percent: 0 }
  - { name: full, percent: 150 }
`;

/** How @actions/core writes an annotation's message (workflow-command escaping). */
const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

describe("a broken plan beside a good one", () => {
  it("is annotated at its file, line and column and skipped; the good one still moves; the step fails at the end", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")), [BROKEN_PATH]: BROKEN_YAML } });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });

    const settings = parseSettings(SETTINGS_YAML, ".github/stagegate.yml");
    const expected = parsePlan(BROKEN_YAML, BROKEN_PATH, settings.ok ? settings.value : null);
    expect(expected.ok).toBe(false);
    if (expected.ok) return;
    expect(expected.problems.length).toBeGreaterThan(0);
    for (const p of expected.problems) {
      expect(run.stdout).toContain(`::error file=${p.file},line=${p.line},col=${p.col}::${escapeData(p.message)}`);
    }

    const good = parseState(s.state() ?? "", STATE_PATH);
    expect(good.ok && good.value.stage).toBe("ten");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::stagegate: 1 rollout\(s\) could not be run: broken/);
    expect(rolloutsOutput(run)).toEqual([
      expect.objectContaining({ name: "broken", action: "error", stage: null, "next-eligible": null }),
      expect.objectContaining({ name: "editor", action: "promoted", stage: "ten" }),
    ]);
  });
});

describe("settings", () => {
  it("a broken settings file is annotated, nothing is decided, and the step fails", async () => {
    s = await scenario({ files: { ".github/stagegate.yml": "roles:\n  qa-lead: { users: quinn }\n", [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error file=\.github\/stagegate\.yml,line=2,col=\d+::/);
    expect(rolloutsOutput(run)).toEqual([expect.objectContaining({ name: "editor", action: "error", reason: expect.stringMatching(/\.github\/stagegate\.yml has problems/) })]);
    expect(s.emulator.requests.all({ method: "PUT" })).toEqual([]);
  });

  it("can be read from another path, as the dry-run workflow does with the example plan", async () => {
    const example = (path: string) => readFileSync(join(ROOT, "examples/playlist-editor", path), "utf8");
    s = await scenario({
      plan: false,
      files: {
        "examples/playlist-editor/.github/stagegate.yml": example(".github/stagegate.yml"),
        "examples/playlist-editor/.github/rollouts/playlist-editor.yml": example(".github/rollouts/playlist-editor.yml"),
      },
    });
    const run = await s.run({
      event: "workflow_dispatch",
      inputs: { "dry-run": "true", rollouts: "examples/playlist-editor/.github/rollouts/*.yml", settings: "examples/playlist-editor/.github/stagegate.yml", "metrics-values": "{}" },
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // The example was never merged through a pull request: the run would commit it as waiting for every sign-off.
    expect(rolloutsOutput(run)).toEqual([
      expect.objectContaining({ name: "playlist-editor", action: "none", status: "awaiting-signoff", reason: expect.stringMatching(/^Cannot start playlist-editor yet: .*Code review completed.* the run for the push that merged the plan was missed/) }),
    ]);
    expect(run.stdout).toContain("commit config/rollouts/playlist-editor.yml: playlist-editor: awaiting sign-off, not started");
    expect(writes(s)).toEqual([]);
  });
});

describe("settings that are not there", () => {
  it("a settings input naming a file that does not exist fails the step and decides nothing", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", settings: "ops/stagegate.yml", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error file=ops/stagegate.yml,line=1,col=1::the settings file ops/stagegate.yml (input settings) does not exist on main");
    expect(writes(s)).toEqual([]);
  });

  it("without the standard settings file, the defaults apply and a plan that names no role still starts", async () => {
    s = await scenario({ plan: false, files: { ".github/rollouts/banner.yml": "signoff: []\nstages:\n  - { name: internal, percent: 0 }\n  - { name: full, percent: 100 }\n" } });
    await s.emulator.as("pam").push(REPO, "main", { ".github/stagegate.yml": null });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z" } });
    expect(run.code).toBe(0);
    expect(rolloutsOutput(run)).toEqual([expect.objectContaining({ name: "banner", stage: "internal", status: "progressing" })]);
  });
});

describe("GitHub failing for one rollout", () => {
  it("reports that rollout as an error and still runs the next one", async () => {
    const albums = stateYaml({ ...stateAt("internal", "2026-11-30T14:00:00Z"), rollout: "albums" });
    s = await scenario({
      files: { ".github/rollouts/albums.yml": PLAN_YAML, ".github/rollouts/state/albums.yml": albums, [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) },
    });
    // The first state commit (albums, in name order) meets a GitHub outage.
    s.emulator.faults.inject({ route: "PUT /repos/{owner}/{repo}/contents/{path}", status: 502, times: 1 });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) } });
    expect(run.code).toBe(1);
    expect(rolloutsOutput(run)).toEqual([
      expect.objectContaining({ name: "albums", action: "error", reason: expect.stringMatching(/unexpected failure/) }),
      expect.objectContaining({ name: "editor", action: "promoted", stage: "ten" }),
    ]);
    expect(s.emulator.readFile(REPO, ".github/rollouts/state/albums.yml")).toBe(albums);
  });
});

describe("what a run reports", () => {
  it("sets both outputs, writes a summary with the table and a timeline, and logs what it did", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("ten", "2026-12-01T15:00:00Z")) } });
    const run = await s.run({ event: "workflow_dispatch", inputs: { now: "2026-12-01T20:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.002 }) } });
    expect(run.code).toBe(0);
    expect(run.outputs.changed).toBe("false");
    expect(rolloutsOutput(run)).toEqual([
      {
        name: "editor",
        stage: "ten",
        percent: 10,
        status: "progressing",
        action: "none",
        reason: expect.stringMatching(/bake/),
        "next-eligible": "2026-12-02T15:00:00Z",
      },
    ]);
    expect(run.summary).toContain("<h2>stagegate</h2>");
    expect(run.summary).toContain("<code>workflow_dispatch</code>");
    expect(run.summary).toContain("<td>editor</td><td>ten<br><code>█░░░░░░░░░\u00A010%</code></td><td>progressing</td><td><strong>none</strong>: ");
    expect(run.summary).toContain("| ✅ error-rate | 0.002 | &lt; 0.01 |");
    expect(run.summary).toMatch(/- ⏳ bake: [^\n]*left/);
    expect(run.summary).toContain("```mermaid\ngantt");
    expect(run.summary).toMatch(/section Projected\n.*full 100% :milestone, 2026-12-02 15:00, 0d/);
    expect(run.stdout).toContain("editor (ten 10%, progressing): none");
  });

  it("never prints a credential, and masks them before anything else", async () => {
    s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("ten", "2026-12-01T15:00:00Z")) } });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T20:00:00Z", "metrics-token": "prom-secret-123" } });
    const lines = run.stdout.split("\n");
    const firstMask = lines.findIndex((l) => l === "::add-mask::prom-secret-123");
    expect(firstMask).toBeGreaterThanOrEqual(0);
    expect(lines.slice(0, firstMask).join("\n")).not.toContain("prom-secret-123");
    expect(lines.filter((l) => l.includes("prom-secret-123"))).toEqual(["::add-mask::prom-secret-123"]);
    expect(run.summary).not.toContain("prom-secret-123");
  });

  it("fails with a sentence naming a mistyped input, before calling GitHub", async () => {
    s = await scenario();
    const run = await s.run({ event: "schedule", inputs: { "dry-run": "maybe", now: "tomorrow" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::input dry-run is "maybe": use true or false.');
    expect(run.stdout).toContain('::error::input now is "tomorrow"');
    expect(s.emulator.requests.all()).toEqual([]);
  });
});
