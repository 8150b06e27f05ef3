// A state path can only be a state file, checked by the Action as a real process across every
// plan on the default branch: two plans claiming one file are both refused and neither touches
// it; a state file that names another rollout is never written over; a plan whose state is the
// settings file is refused at its state: line.
import { afterEach, describe, expect, it } from "vitest";
import { rolloutsOutput } from "./harness.js";
import { PLAN_PATH, PLAN_YAML, REPO, STATE_PATH, scenario, stateAt, stateYaml, writes, type Scenario } from "./scenario.js";

let s: Scenario;
afterEach(() => s?.close());

const healthy = JSON.stringify({ "error-rate": 0.001 });

describe("state paths", () => {
  it("refuses two plans sharing one state file, each at its state: line, and touches neither", async () => {
    const editor = stateYaml(stateAt("internal", "2026-11-30T14:00:00Z"));
    const albums = `${PLAN_YAML}state: ${STATE_PATH}\n`;
    const albumsLine = albums.split("\n").findIndex((line) => line.startsWith("state:")) + 1;
    s = await scenario({ files: { ".github/rollouts/albums.yml": albums, [PLAN_PATH]: `# The editor keeps its state where the default would.\nstate: ${STATE_PATH}\n${PLAN_YAML}`, [STATE_PATH]: editor } });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": healthy } });
    expect(run.code).toBe(1);
    expect(rolloutsOutput(run)).toEqual([
      expect.objectContaining({ name: "albums", action: "error", reason: expect.stringContaining("is also the state file of .github/rollouts/editor.yml") }),
      expect.objectContaining({ name: "editor", action: "error", reason: expect.stringContaining("is also the state file of .github/rollouts/albums.yml") }),
    ]);
    expect(s.state()).toBe(editor);
    expect(writes(s).filter((w) => w.startsWith("PUT"))).toEqual([]);
    expect(run.stdout).toContain(`::error file=.github/rollouts/albums.yml,line=${albumsLine},col=8::state: ${STATE_PATH} is also the state file of .github/rollouts/editor.yml`);
    expect(run.stdout).toContain(`::error file=.github/rollouts/editor.yml,line=2,col=8::state: ${STATE_PATH} is also the state file of .github/rollouts/albums.yml`);
  });

  it("never writes over a state file that names another rollout", async () => {
    const other = stateYaml({ ...stateAt("internal", "2026-11-30T14:00:00Z"), rollout: "albums" });
    s = await scenario({ files: { [STATE_PATH]: other } });
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": healthy } });
    expect(run.code).toBe(1);
    expect(rolloutsOutput(run)).toEqual([expect.objectContaining({ name: "editor", action: "error" })]);
    expect(run.stdout).toContain("is the state file of the rollout albums, not of editor");
    expect(s.state()).toBe(other);
  });

  it("refuses a plan whose state: is the settings file, at that line", async () => {
    s = await scenario({ files: { ".github/rollouts/editor.yml": `state: .github/stagegate.yml\n${PLAN_YAML}` } });
    const settingsBefore = s.emulator.readFile(REPO, ".github/stagegate.yml");
    const run = await s.run({ event: "schedule", inputs: { now: "2026-12-01T15:00:00Z", "metrics-values": healthy } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error file=\.github\/rollouts\/editor\.yml,line=1,col=8::state: \.github\/stagegate\.yml is the settings file/);
    expect(s.emulator.readFile(REPO, ".github/stagegate.yml")).toBe(settingsBefore);
  });
});
