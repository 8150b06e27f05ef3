// With `flagd:` in the plan, every committed step also brings a flagd flag-definition file in
// line with the state, through the same compare-and-swap writes as the state itself.
import { FlagdCore } from "@openfeature/flagd-core";
import { afterEach, describe, expect, it } from "vitest";
import { inShare } from "../../core/flags/bucket.js";
import { pause } from "../../core/engine/pause.js";
import { rollback } from "../../core/engine/rollback.js";
import { serializeState } from "../../core/state/serialize-state.js";
import { applyStep } from "../../runtime/apply-step.js";
import { syncFlagdFile } from "../../runtime/flagd-projection.js";
import { loadStepInputs, type RolloutSources } from "../../runtime/rollout-inputs.js";
import { PLAN, PLAN_PATH, REPO, startRuntimeWorld, STARTED, STATE_PATH, type RuntimeWorld } from "./world.js";

const FLAGD_PATH = STATE_PATH.replace(/\.yml$/, ".flagd.json");
const PUT = { route: "PUT /repos/{owner}/{repo}/contents/{path}" };
const AT_TEN = { ...STARTED, stage: "ten", percent: 10 };
const USER = Array.from({ length: 200 }, (_, i) => `user-${i}`).find((k) => inShare("playlist-editor", k, 10))!;

let w: RuntimeWorld;
afterEach(async () => {
  await w.close();
});

// The runtime's plan, with audiences on its first two stages and a 10% stage.
const AUDIENCE_PLAN = PLAN.replace("    percent: 0\n", "    percent: 0\n    audience: internal\n").replace(
  "  - { name: beta, percent: 1, bake: 2d }",
  "  - { name: beta, percent: 1, audience: beta, bake: 2d }\n  - { name: ten, percent: 10, bake: 1d }",
);

async function world(flagdKey: string | null) {
  w = await startRuntimeWorld({ [PLAN_PATH]: flagdKey === null ? AUDIENCE_PLAN : `${AUDIENCE_PLAN.trimEnd()}\n${flagdKey}\n`, [STATE_PATH]: serializeState(AT_TEN, null) });
  const sources: RolloutSources = { port: w.port, now: () => w.emulator.clock.now() };
  return sources;
}

function servedTo(context: Record<string, string>): boolean {
  const flagd = new FlagdCore();
  flagd.setConfigurations(w.emulator.readFile(REPO, FLAGD_PATH) ?? "");
  return flagd.resolveBooleanEvaluation("playlist-editor", false, context).value;
}

describe("the flagd file beside the state", () => {
  it("follows every committed step: a user in at 10% is off after a rollback", async () => {
    const sources = await world("flagd: true");
    const first = await applyStep({ port: w.port, load: () => loadStepInputs(sources, "playlist-editor"), decide: (inputs) => pause(inputs, { by: "quinn", reason: "checking" }) });
    expect(first).toMatchObject({ ok: true, flagd: { kind: "committed", path: FLAGD_PATH } });
    expect(servedTo({ targetingKey: USER })).toBe(true);
    expect(servedTo({ targetingKey: "someone-else", audience: "beta" })).toBe(true);

    const second = await applyStep({ port: w.port, load: () => loadStepInputs(sources, "playlist-editor"), decide: (inputs) => rollback(inputs, { by: "quinn", to: null, reason: "errors" }) });
    expect(second).toMatchObject({ ok: true, flagd: { kind: "committed" } });
    expect(servedTo({ targetingKey: USER })).toBe(false);
    expect(servedTo({ targetingKey: USER, audience: "internal" })).toBe(true);
    const commits = w.emulator.requests.all(PUT).map((r) => decodeURIComponent(r.url));
    expect(commits.filter((u) => u.includes(".flagd.json"))).toHaveLength(2);
  });

  it("writes nothing, and reads nothing more, for a plan without flagd:", async () => {
    const sources = await world(null);
    const result = await applyStep({ port: w.port, load: () => loadStepInputs(sources, "playlist-editor"), decide: (inputs) => pause(inputs, { by: "quinn", reason: "checking" }) });
    expect(result).toMatchObject({ ok: true, flagd: { kind: "not-configured" } });
    expect(w.emulator.readFile(REPO, FLAGD_PATH)).toBeNull();
    expect(w.emulator.requests.all().some((r) => r.url.includes("flagd"))).toBe(false);
  });

  it("takes the path and audience attribute from the plan", async () => {
    const sources = await world("flagd: { path: config/flags/editor.flagd.json, audience-attribute: groups }");
    const inputs = await loadStepInputs(sources, "playlist-editor");
    if (!inputs.ok) throw new Error("unreadable");
    expect(await syncFlagdFile(w.port, inputs.value.plan, "main")).toMatchObject({ kind: "committed", path: "config/flags/editor.flagd.json" });
    expect(w.emulator.readFile(REPO, "config/flags/editor.flagd.json")).toContain('"var": "groups"');
    expect(await syncFlagdFile(w.port, inputs.value.plan, "main")).toMatchObject({ kind: "unchanged" });
  });

  it("after a conflict, renders the newest committed state, never an older one", async () => {
    const sources = await world("flagd: true");
    const inputs = await loadStepInputs(sources, "playlist-editor");
    if (!inputs.ok) throw new Error("unreadable");
    // Another writer rolls back (state and flagd file) while this one is about to write.
    w.emulator.faults.inject({ route: PUT.route, status: 409, times: 1 });
    await w.emulator.as("ada").push(REPO, "main", { [STATE_PATH]: serializeState({ ...AT_TEN, stage: "internal", percent: 0, status: "rolled-back" }, null) });
    const sync = await syncFlagdFile(w.port, inputs.value.plan, "main");
    expect(sync.kind).toBe("committed");
    expect(servedTo({ targetingKey: USER })).toBe(false);
  });

  it("gives up after five writes that each lost a race, and writes nothing over the newer file", async () => {
    const sources = await world("flagd: true");
    const inputs = await loadStepInputs(sources, "playlist-editor");
    if (!inputs.ok) throw new Error("unreadable");
    const conflicts = w.emulator.faults.inject({ route: PUT.route, status: 409 });
    expect(await syncFlagdFile(w.port, inputs.value.plan, "main")).toEqual({ kind: "conflict", path: FLAGD_PATH, attempts: 5 });
    expect(conflicts.hits).toBe(5);
    expect(w.emulator.readFile(REPO, FLAGD_PATH)).toBeNull();
  });

  it("writes no flagd file for a rollout whose state file does not exist yet", async () => {
    const sources = await world("flagd: true");
    const inputs = await loadStepInputs(sources, "playlist-editor");
    if (!inputs.ok) throw new Error("unreadable");
    await w.emulator.as("ada").push(REPO, "main", { [STATE_PATH]: null });
    expect(await syncFlagdFile(w.port, inputs.value.plan, "main")).toEqual({ kind: "no-state", path: FLAGD_PATH });
    expect(w.emulator.requests.count(PUT)).toBe(0);
  });
});
