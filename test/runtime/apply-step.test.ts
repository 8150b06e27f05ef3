import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pause } from "../../core/engine/pause.js";
import type { RolloutState } from "../../core/model.js";
import { parseState } from "../../core/state/parse-state.js";
import { serializeState } from "../../core/state/serialize-state.js";
import { applyStep, type StepInputs } from "../../runtime/apply-step.js";
import { renderRolloutIssue } from "../../runtime/render-tracking-issue.js";
import { loadStepInputs, type RolloutSources } from "../../runtime/rollout-inputs.js";
import { PLAN, PLAN_PATH, REPO, startRuntimeWorld, STARTED, STATE_PATH, type RuntimeWorld } from "./world.js";

let w: RuntimeWorld;
let sources: RolloutSources;
beforeEach(async () => {
  w = await startRuntimeWorld();
  sources = { port: w.port, now: () => w.emulator.clock.now() };
});
afterEach(async () => {
  await w.close();
});

const PUT = { route: "PUT /repos/{owner}/{repo}/contents/{path}" };

function stateOnMain(): RolloutState {
  const parsed = parseState(w.emulator.readFile(REPO, STATE_PATH) ?? "", STATE_PATH);
  if (!parsed.ok) throw new Error("unreadable state");
  return parsed.value;
}

const renderIssue = async (inputs: StepInputs, state: RolloutState) =>
  (await renderRolloutIssue(w.port, { settings: inputs.settings, plan: inputs.plan, state, signoffs: [], facts: inputs.facts, now: inputs.now })).issue;

const issues = () => [...w.emulator.repo(REPO).issues.values()];
const allComments = () => [...w.emulator.state.comments.values()];

describe("applyStep", () => {
  it("commits the decided state with the sha it read, then renders the issue", async () => {
    const result = await applyStep({
      port: w.port,
      load: () => loadStepInputs(sources, "playlist-editor"),
      decide: (inputs) => pause(inputs, { by: "quinn", reason: "support tickets spiking" }),
      renderIssue,
    });
    expect(result).toMatchObject({ ok: true, attempts: 1, step: { outcome: { done: true, action: "pause" } } });
    expect(stateOnMain()).toMatchObject({ status: "paused", resumeTo: "progressing" });
    const [issue] = issues();
    expect(issue?.title).toBe("Rollout: playlist-editor");
    expect(issue?.body).toContain("paused");
    const [commit] = w.emulator.requests.all(PUT);
    expect(commit?.status).toBe(200);
  });

  it("after a conflict, decides again on what the other writer committed", async () => {
    let loads = 0;
    const result = await applyStep({
      port: w.port,
      load: async () => {
        const inputs = await loadStepInputs(sources, "playlist-editor");
        // Someone pauses the rollout between our read and our write.
        if (loads++ === 0) w.emulator.commitThroughApi(REPO, { [STATE_PATH]: serializeState({ ...STARTED, status: "paused", resumeTo: "progressing" }, null) }, "web: pause");
        return inputs;
      },
      decide: (inputs) => pause(inputs, { by: "quinn", reason: "support tickets spiking" }),
      renderIssue,
      sleep: () => Promise.resolve(),
    });
    expect(w.emulator.requests.all(PUT).map((r) => r.status)).toEqual([409]);
    expect(result).toMatchObject({ ok: true, attempts: 2, commit: null, step: { outcome: { done: false } } });
    expect(result.ok && result.step.outcome.message).toContain("already paused");
    expect(issues()).toEqual([]);
  });

  it("gives up after five conflicts, waiting longer each time, and announces nothing", async () => {
    w.emulator.faults.inject({ ...PUT, status: 409 });
    const waits: number[] = [];
    const result = await applyStep({
      port: w.port,
      load: () => loadStepInputs(sources, "playlist-editor"),
      decide: (inputs) => ({ ...pause(inputs, { by: "quinn", reason: "why" }), effects: [{ type: "commit-state", message: "m" }, { type: "render-issue" }, { type: "comment", body: "Paused!" }] }),
      renderIssue,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    });
    expect(result).toMatchObject({ ok: false, reason: "conflict", attempts: 5 });
    expect(w.emulator.requests.count(PUT)).toBe(5);
    expect(waits).toEqual([200, 400, 600, 800]);
    expect(issues()).toEqual([]);
    expect(allComments()).toEqual([]);
    expect(stateOnMain()).toEqual(STARTED);
  });

  it("commits nothing for a step that changes nothing, and nothing when the files cannot be read", async () => {
    const unchanged = await applyStep({
      port: w.port,
      load: () => loadStepInputs(sources, "playlist-editor"),
      decide: (inputs) => ({ state: inputs.state, effects: [], outcome: { done: false, refusal: { kind: "nothing-to-do", status: inputs.state.status }, message: "nothing to do" } }),
      renderIssue,
    });
    expect(unchanged).toMatchObject({ ok: true, commit: null });
    const unreadable = await applyStep({ port: w.port, load: () => loadStepInputs(sources, "no-such-rollout"), decide: () => unreachable(), renderIssue });
    expect(unreadable).toMatchObject({ ok: false, reason: "unreadable" });
    expect(!unreadable.ok && unreadable.reason === "unreadable" && unreadable.problems[0]?.message).toContain("not on the default branch");
    expect(w.emulator.requests.count(PUT)).toBe(0);
  });
});

describe("applyStep when a projection fails after the commit", () => {
  const announcing = (inputs: StepInputs) => {
    const step = pause(inputs, { by: "quinn", reason: "support tickets spiking" });
    return { ...step, effects: [...step.effects.filter((e) => e.type !== "comment"), { type: "comment" as const, body: "Paused by @quinn." }] };
  };

  it("keeps the commit and still announces it on the tracking issue when the issue cannot be edited, then fails", async () => {
    const first = await applyStep({ port: w.port, load: () => loadStepInputs(sources, "playlist-editor"), decide: (inputs) => ({ state: inputs.state, effects: [{ type: "render-issue" }], outcome: { done: false, refusal: { kind: "nothing-to-do", status: inputs.state.status }, message: "" } }), renderIssue });
    expect(first.ok && first.issue?.number).toBe(1);
    w.emulator.faults.inject({ route: "PATCH /repos/{owner}/{repo}/issues/{issue_number}", status: 502 });
    await expect(applyStep({ port: w.port, load: () => loadStepInputs(sources, "playlist-editor"), decide: announcing, renderIssue })).rejects.toMatchObject({ status: 502 });
    expect(stateOnMain()).toMatchObject({ status: "paused" });
    expect(allComments().map((c) => [c.issueNumber, c.body])).toEqual([[1, "Paused by @quinn."]]);
  });

  it("keeps the commit and announces nothing where there is no issue to announce on, then fails", async () => {
    w.emulator.faults.inject({ route: "POST /repos/{owner}/{repo}/issues", status: 502 });
    await expect(applyStep({ port: w.port, load: () => loadStepInputs(sources, "playlist-editor"), decide: announcing, renderIssue })).rejects.toMatchObject({ status: 502 });
    expect(stateOnMain()).toMatchObject({ status: "paused" });
    expect(issues()).toEqual([]);
    expect(allComments()).toEqual([]);
  });

  it("keeps the commit and its announcement when the flagd file cannot be brought in line, then fails", async () => {
    const flagdPlan = `${PLAN.trimEnd()}\nflagd: true\n`;
    await w.emulator.as("ada").push(REPO, "main", { [PLAN_PATH]: flagdPlan });
    const load = async () => {
      const inputs = await loadStepInputs(sources, "playlist-editor");
      // GitHub starts failing reads between this step's read and the flagd file's.
      w.emulator.faults.inject({ route: "GET /repos/{owner}/{repo}/contents/{path}", status: 502, times: 2 });
      return inputs;
    };
    await expect(applyStep({ port: w.port, load, decide: announcing, renderIssue })).rejects.toMatchObject({ status: 502 });
    expect(stateOnMain()).toMatchObject({ status: "paused" });
    expect(allComments().map((c) => c.body)).toEqual(["Paused by @quinn."]);
    expect(w.emulator.readFile(REPO, STATE_PATH.replace(/\.yml$/, ".flagd.json"))).toBeNull();
  });

  it("records the tracking issue's number in the state file it commits", async () => {
    const result = await applyStep({ port: w.port, load: () => loadStepInputs(sources, "playlist-editor"), decide: announcing, trackingIssue: () => Promise.resolve(7) });
    expect(result).toMatchObject({ ok: true, step: { state: { trackingIssue: 7 } } });
    expect(stateOnMain().trackingIssue).toBe(7);
  });
});

function unreachable(): never {
  throw new Error("decide must not run without inputs");
}
