// `/rollback` needs only the state file: when the plan on the default branch is broken, the
// rollout still goes to 0% at its stage; without a readable state of its own, nothing is written.
import { afterEach, describe, expect, it } from "vitest";
import { rollback } from "../../core/engine/rollback.js";
import type { Problem } from "../../core/result.js";
import { parseState } from "../../core/state/parse-state.js";
import { serializeState } from "../../core/state/serialize-state.js";
import { applyStep } from "../../runtime/apply-step.js";
import { brokenPlanNote, loadRollbackInputs } from "../../runtime/rollback-fallback.js";
import type { RolloutSources } from "../../runtime/rollout-inputs.js";
import { PLAN, PLAN_PATH, REPO, startRuntimeWorld, STARTED, STATE_PATH, type RuntimeWorld } from "./world.js";

const AT_BETA = { ...STARTED, stage: "beta", percent: 1, history: [...STARTED.history, { at: "2026-11-30T15:00:00Z", action: "promote" as const, from: "internal", to: "beta", by: "stagegate", reason: "bake elapsed" }] };
const BROKEN_PLAN = `${PLAN}stray: [\n`;
const PUT = { route: "PUT /repos/{owner}/{repo}/contents/{path}" };

let w: RuntimeWorld;
afterEach(async () => {
  await w.close();
});

async function world(files: Record<string, string>): Promise<RolloutSources> {
  w = await startRuntimeWorld(files);
  return { port: w.port, now: () => w.emulator.clock.now() };
}

function stateOnMain() {
  const parsed = parseState(w.emulator.readFile(REPO, STATE_PATH) ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error("unreadable state");
  return parsed.value;
}

async function rollBack(sources: RolloutSources) {
  return applyStep({ port: w.port, load: () => loadRollbackInputs(sources, "playlist-editor"), decide: (inputs) => rollback(inputs, { by: "quinn", to: null, reason: "errors" }), handEdits: "let-through" });
}

describe("rolling back with a broken plan on the default branch", () => {
  it("goes to 0% at the current stage in one commit, and says why the plan's own target was not used", async () => {
    const sources = await world({ [PLAN_PATH]: BROKEN_PLAN, [STATE_PATH]: serializeState(AT_BETA, null) });
    const loaded = await loadRollbackInputs(sources, "playlist-editor");
    expect(loaded.ok && loaded.value.brokenPlan?.[0]).toMatchObject({ file: PLAN_PATH });

    const result = await rollBack(sources);
    expect(result).toMatchObject({ ok: true, commit: { commitSha: expect.any(String) } });
    expect(stateOnMain()).toMatchObject({ stage: "beta", percent: 0, status: "rolled-back" });
    expect(w.emulator.requests.count(PUT)).toBe(1);
    const note = brokenPlanNote(result.ok ? (result.inputs.brokenPlan ?? []) : []);
    expect(note).toContain("goes to **0%**");
    expect(note).toContain(PLAN_PATH);
  });

  it("goes to the plan's own target when only the settings are broken, mentioning nobody", async () => {
    const sources = await world({ ".github/stagegate.yml": "roles: [\n", [STATE_PATH]: serializeState(AT_BETA, null) });
    const loaded = await loadRollbackInputs(sources, "playlist-editor");
    expect(loaded).toMatchObject({ ok: true, value: { brokenPlan: null, settings: { roles: {} } } });

    await rollBack(sources);
    // The plan's target is its first stage, which a broken-plan rollback could not know.
    expect(stateOnMain()).toMatchObject({ stage: "internal", percent: 0, status: "rolled-back" });
  });

  it("is the usual step when the plan is whole: no note", async () => {
    const sources = await world({ [STATE_PATH]: serializeState(AT_BETA, null) });
    expect(await loadRollbackInputs(sources, "playlist-editor")).toMatchObject({ ok: true, value: { brokenPlan: null, plan: { stages: [{ name: "internal" }, { name: "beta" }, { name: "full" }] } } });
  });
});

describe("a rollback that has no state of its own to go on", () => {
  const refusedProblems = async (sources: RolloutSources, rollout = "playlist-editor"): Promise<Problem[]> => {
    const loaded = await loadRollbackInputs(sources, rollout);
    if (loaded.ok) throw new Error("a rollback without a readable state of its own must be refused");
    const result = await applyStep({ port: w.port, load: () => loadRollbackInputs(sources, rollout), decide: (inputs) => rollback(inputs, { by: "quinn", to: null, reason: "errors" }) });
    expect(result).toMatchObject({ ok: false, reason: "unreadable" });
    expect(w.emulator.requests.count(PUT)).toBe(0);
    return loaded.problems;
  };
  const refused = async (files: Record<string, string>, rollout = "playlist-editor") => refusedProblems(await world(files), rollout);

  it("is refused when the rollout has no plan on the default branch", async () => {
    const problems = await refused({}, "no-such-rollout");
    expect(problems.map((p) => p.message).join()).toContain("not on the default branch");
  });

  it("is refused when the rollout never started, even with a broken plan", async () => {
    const sources = await world({ [PLAN_PATH]: BROKEN_PLAN });
    await w.emulator.as("ada").push(REPO, "main", { [STATE_PATH]: null });
    expect(await refusedProblems(sources)).toEqual(expect.arrayContaining([expect.objectContaining({ file: STATE_PATH, message: expect.stringContaining("has not started") })]));
  });

  it("is refused when the state file does not parse", async () => {
    const problems = await refused({ [PLAN_PATH]: BROKEN_PLAN, [STATE_PATH]: "stage: [\n" });
    expect(problems.some((p) => p.file === STATE_PATH)).toBe(true);
  });

  it("is refused when the state file belongs to another rollout", async () => {
    const problems = await refused({ [PLAN_PATH]: BROKEN_PLAN, [STATE_PATH]: serializeState({ ...AT_BETA, rollout: "checkout" }, null) });
    expect(problems.map((p) => p.message).join()).toContain("is the state file of the rollout checkout");
  });
});

describe("the note a broken-plan rollback replies with", () => {
  it("shows the first five problems as code, never letting a backtick end the code span, and counts the rest", () => {
    const problems: Problem[] = Array.from({ length: 7 }, (_, i) => ({ file: PLAN_PATH, line: i + 1, col: 1, message: i === 0 ? "unknown key `stray`" : `problem ${i + 1}` }));
    const lines = brokenPlanNote(problems).split("\n");
    const shown = lines.filter((l) => l.startsWith("- `"));
    expect(shown).toHaveLength(5);
    expect(shown[0]).toContain("'stray'");
    expect(shown.every((l) => l.slice(3, -1).includes("`") === false)).toBe(true);
    expect(lines.at(-1)).toBe("- … and 2 more");
  });
});
