import { describe, expect, it } from "vitest";
import { parseCommands } from "../../../core/commands.js";
import { commandStep, type ChangeCommand } from "../../../core/engine/index.js";
import { MONDAY_10AM, ctx, state } from "./fixtures.js";

const command = (text: string): ChangeCommand => parseCommands(text)[0] as ChangeCommand;
const QUARTER = state("quarter", MONDAY_10AM - 100 * 3_600_000);
const at = (fallbackPlan: boolean) => ({ ...ctx(QUARTER, MONDAY_10AM), fallbackPlan });

describe("commandStep", () => {
  it.each([
    ["/pause investigating", "pause"],
    ["/rollback to beta errors", "rollback"],
    ["/promote --force provider down", "force-promote"],
  ])("%s is the engine's %s", (text, action) => {
    expect(commandStep(at(false), command(text), "pam").outcome).toMatchObject({ done: true, action });
  });

  it("resumes a paused rollout", () => {
    const paused = commandStep(at(false), command("/pause x"), "pam").state;
    expect(commandStep({ ...at(false), state: paused }, command("/resume"), "pam").outcome).toMatchObject({ done: true, action: "resume" });
  });

  it("goes where the command says with the real plan, to the plan's target with a stand-in one", () => {
    expect(commandStep(at(false), command("/rollback to beta errors"), "olga").state).toMatchObject({ stage: "beta", percent: 1 });
    expect(commandStep(at(true), command("/rollback to beta errors"), "olga").state).toMatchObject({ stage: "internal", percent: 0 });
  });

  it("promotes only when everything allows it", () => {
    expect(commandStep(at(false), command("/promote"), "pam").outcome).toMatchObject({ done: true, action: "promote" });
    const baking = { ...at(false), state: state("quarter", MONDAY_10AM) };
    expect(commandStep(baking, command("/promote"), "pam").outcome).toMatchObject({ done: false, refusal: { kind: "blocked" } });
  });
});
