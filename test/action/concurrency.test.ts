import { afterEach, describe, expect, it } from "vitest";
import { parseState } from "../../core/state/parse-state.js";
import { rolloutsOutput } from "./harness.js";
import { REPO, STATE_PATH, scenario, stateAt, stateYaml, type Scenario } from "./scenario.js";

let s: Scenario;
afterEach(() => s?.close());

describe("two runs at once", () => {
  it("promote once: the loser's commit is refused as stale, it re-reads, and decides again on the new stage", async () => {
    s = await scenario({ bundle: true, files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")) } });
    // Hold the first state commit at a gate until the other run has read the old state and
    // committed: the held one then carries a stale sha, whatever the speed of the machine.
    const PUT = "PUT /repos/{owner}/{repo}/contents/{path}";
    s.emulator.faults.inject({ route: PUT, gate: s.emulator.requests.answered({ route: PUT }, s.emulator.requests.count({ route: PUT }) + 1), times: 1 });
    const inputs = { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) };
    const runs = await Promise.all([s.run({ event: "schedule", inputs }), s.run({ event: "workflow_dispatch", inputs })]);

    for (const run of runs) expect(run.code).toBe(0);
    const puts = s.emulator.requests.all({ method: "PUT" });
    expect(puts.map((p) => p.status).sort()).toEqual([200, 409]);
    const state = parseState(s.state() ?? "", STATE_PATH);
    expect(state.ok && state.value.history.filter((h) => h.action === "promote")).toHaveLength(1);
    expect(state.ok && state.value.stage).toBe("ten");
    expect(runs.map((r) => rolloutsOutput(r)[0]?.action).sort()).toEqual(["none", "promoted"]);
    const loser = runs.map((r) => rolloutsOutput(r)[0]).find((o) => o?.action === "none");
    expect(loser).toMatchObject({ stage: "ten", percent: 10 });
    const repo = s.emulator.repo(REPO);
    const promotionComments = [...s.emulator.state.comments.values()].filter((c) => repo.issues.has(c.issueNumber) && /ten/.test(c.body));
    expect(promotionComments).toHaveLength(1);
  });
});
