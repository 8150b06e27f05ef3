import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import { nodeIo } from "../../cli/node-io.js";
import { parsePlan } from "../../core/parse-plan.js";
import { parseSettings } from "../../core/parse-settings.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SETTINGS = "examples/playlist-editor/.github/stagegate.yml";
const PLAN = "examples/playlist-editor/.github/rollouts/playlist-editor.yml";
const read = (path: string) => readFileSync(resolve(ROOT, path), "utf8");

async function cli(args: string[]) {
  let out = "";
  let err = "";
  const io = { ...nodeIo(ROOT), stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

function example() {
  const settings = parseSettings(read(SETTINGS), SETTINGS);
  if (!settings.ok) throw new Error("settings invalid");
  const plan = parsePlan(read(PLAN), PLAN, settings.value);
  if (!plan.ok) throw new Error("plan invalid");
  return { settings: settings.value, plan: plan.value };
}

describe("the Playlist Editor example", () => {
  it("validates with the CLI, roles checked against its own settings", async () => {
    expect(await cli(["validate", PLAN, SETTINGS])).toEqual({
      code: 0,
      out: `${PLAN}: ok (rollout playlist-editor: 6 stages, 27 sign-off items; roles checked against ${SETTINGS})\n${SETTINGS}: ok (settings: 5 roles)\n`,
      err: "",
    });
  });

  it("points editors at the published JSON Schemas", () => {
    expect(read(SETTINGS).split("\n")[0]).toBe("# yaml-language-server: $schema=../../../docs/schema/stagegate.schema.json");
    expect(read(PLAN).split("\n")[0]).toBe("# yaml-language-server: $schema=../../../../docs/schema/rollout-plan.schema.json");
    expect(read(resolve(ROOT, "examples/playlist-editor/.github", "../../../docs/schema/stagegate.schema.json"))).toContain('"$schema"');
    expect(read(resolve(ROOT, "examples/playlist-editor/.github/rollouts", "../../../../docs/schema/rollout-plan.schema.json"))).toContain('"$schema"');
  });

  it("gives the seed's five approving roles to people and teams, on the seed's calendar", () => {
    const { settings } = example();
    expect(Object.keys(settings.roles).sort()).toEqual(["engineering-lead", "operations-lead", "product-manager", "qa-lead", "security-lead"]);
    expect(settings.calendar.timezone).toBe("America/New_York");
    expect(settings.calendar.businessHours?.map((h) => h.text)).toEqual(["mon-fri 09:00-17:00"]);
    expect(settings.calendar.freezes.map((f) => f.text)).toEqual(["2026-12-20/2027-01-04"]);
  });

  it("carries the seed's whole sign-off and pre-deployment checklists", () => {
    const titles = example().plan.signoff.map((i) => i.title);
    const seed = [
      // Sign-Off Checklist
      "Code review completed", "Security review completed", "Performance testing completed", "Accessibility testing completed",
      "Documentation prepared", "Support team briefed", "Rollback plan validated", "Communication plan approved",
      // Code Review
      "PlaylistEditor component code reviewed", "API endpoint specifications reviewed", "Backend pseudocode reviewed",
      "Testing checklist validated", "Accessibility requirements met", "Performance benchmarks achieved",
      // Environment Setup
      "Development environment configured", "Staging environment configured", "Production environment readiness confirmed",
      "Database migrations prepared", "API keys and environment variables set",
      // Testing Completion
      "Unit tests passing (100% coverage)", "Integration tests passing", "End-to-end tests passing", "Accessibility tests passing",
      "Performance tests passing", "Security tests passing", "Cross-browser tests passing", "Mobile device tests passing",
    ];
    expect(titles.sort()).toEqual(seed.sort());
  });

  it("has the seed's phases as stages: a week internal, two weeks beta, then 24 hours at each step", () => {
    const { plan } = example();
    expect(plan.stages.map((s) => [s.name, s.percent, s.audience, s.bake?.text ?? null])).toEqual([
      ["internal", 0, "internal", "7d"],
      ["beta", 1, "beta", "14d"],
      ["ten", 10, null, "24h"],
      ["quarter", 25, null, "24h"],
      ["half", 50, null, "24h"],
      ["full", 100, "all users", null],
    ]);
    expect(plan.stages[0]!.exit.map((i) => i.title)).toEqual(["No critical bugs", "All core functionality working", "Analytics events firing correctly", "Performance within acceptable limits"]);
    expect(plan.stages[1]!.exit.map((i) => i.title)).toEqual(["Positive user feedback (NPS > 70)", "Low bug report rate (< 5% of users)", "Performance metrics met", "No data integrity issues"]);
    for (const stage of plan.stages.slice(2, 5)) expect(stage.exit).toHaveLength(3);
  });

  it("turns the success metrics, alerting thresholds and rollback conditions into gates, alerts and rules", () => {
    const { plan } = example();
    const gate = (name: string) => plan.gates.find((g) => g.name === name);
    expect(gate("error-rate")).toMatchObject({ below: 0.01 });
    expect(gate("request-error-rate")).toMatchObject({ below: 0.001 });
    expect(gate("save-seconds")).toMatchObject({ below: 2 });
    expect(plan.rollback.to).toEqual({ percent: 0 });
    expect(plan.rollback.when).toContainEqual({ gate: "error-rate", below: null, above: 0.05, for: { ms: 3_600_000, business: false, text: "1h" } });
    expect(plan.alerts).toContainEqual({ gate: "error-rate", below: null, above: 0.01, for: null, notify: ["operations-lead"] });
    expect(plan.alerts).toContainEqual({ gate: "save-seconds", below: null, above: 5, for: null, notify: ["engineering-lead"] });
    for (const g of plan.gates) expect(g.query).toMatch(/\(.*\)/);
  });

  it("simulates through the CLI from a Monday morning in New York", async () => {
    const result = await cli(["simulate", PLAN, "--start", "2026-11-02T09:00", "--json"]);
    expect(result.code).toBe(0);
    const { stages } = JSON.parse(result.out) as { stages: Array<{ name: string; enter: string }> };
    expect(stages.map((s) => s.name)).toEqual(["internal", "beta", "ten", "quarter", "half", "full"]);
    expect(stages[0]!.enter).toBe("2026-11-02T14:00:00.000Z");
  });
});
