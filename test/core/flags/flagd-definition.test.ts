// The flagd projection decides exactly as stagegate's rule: checked with flagd's own evaluator
// (@openfeature/flagd-core) over 100,000 contexts at every point of the seed rollout, and
// checked valid against flagd's published schema with a real JSON Schema validator.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { FlagdCore } from "@openfeature/flagd-core";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { evaluateFlag } from "../../../core/flags/evaluate.js";
import { flagdDefinition } from "../../../core/flags/flagd-definition.js";
import { contextFor, seedStates } from "./seed-states.js";

const schema = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, "../../fixtures/flagd-schemas", name), "utf8")) as Record<string, unknown>;

function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(schema("targeting.json"));
  return ajv.compile(schema("flags.json"));
}

const KEYS = 100_000;

describe("the flagd projection", () => {
  const validate = validator();

  it.each(seedStates().map((s) => [`${s.status} at ${s.stage} ${s.percent}%`, s] as const))("is valid against flagd's schema: %s", (_label, state) => {
    const file = JSON.parse(flagdDefinition(state)) as unknown;
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    // flagd-core's strict mode validates against the same schemas, compiled into the package.
    expect(() => new FlagdCore().setConfigurations(flagdDefinition(state))).not.toThrow();
  });

  it("rejects what the schema rejects (the validator is live)", () => {
    expect(validate({ flags: { x: { state: "ON", variants: { on: true } } } })).toBe(false);
  });

  it.each(seedStates().map((s) => [`${s.status} at ${s.stage} ${s.percent}%`, s] as const))("decides as stagegate for 100,000 contexts: %s", (_label, state) => {
    const flagd = new FlagdCore();
    flagd.setConfigurations(flagdDefinition(state));
    let differ = 0;
    let on = 0;
    for (let i = 0; i < KEYS; i++) {
      const context = contextFor(i) as Parameters<typeof flagd.resolveBooleanEvaluation>[2];
      const theirs = flagd.resolveBooleanEvaluation("playlist-editor", false, context).value;
      const mine = evaluateFlag(state, context as Record<string, unknown>);
      const served = mine.reason === "ERROR" ? false : mine.on;
      if (theirs !== served) differ++;
      if (served) on++;
    }
    expect(differ).toBe(0);
    if (state.status === "complete") expect(on).toBe(KEYS);
    if (state.status === "awaiting-signoff") expect(on).toBe(0);
  });

  it("agrees with flagd-core on ASCII keys; on other keys the vectors follow flagd's UTF-8 hashing, which flagd-core's hash does not", () => {
    const state = { ...seedStates()[5]!, percent: 50 };
    const flagd = new FlagdCore();
    flagd.setConfigurations(flagdDefinition(state));
    const keys = Array.from({ length: 400 }, (_, i) => `Zoë-${i}`);
    const differ = keys.filter((k) => flagd.resolveBooleanEvaluation("playlist-editor", false, { targetingKey: k }).value !== evaluateFlag(state, { targetingKey: k }).on);
    // flagd-core (JavaScript) hashes UTF-16 code units; flagd itself and its Go, Java, Python
    // and .NET evaluators hash UTF-8 bytes, as stagegate does (docs/flags.md).
    expect(differ.length).toBeGreaterThan(0);
  });

  it("carries the stage, percent and status as flag metadata", () => {
    const state = seedStates()[3]!;
    const flagd = new FlagdCore();
    flagd.setConfigurations(flagdDefinition(state));
    expect(flagd.resolveBooleanEvaluation("playlist-editor", false, { targetingKey: "u" }).flagMetadata).toMatchObject({ stage: "ten", percent: 10, status: "progressing" });
    expect(JSON.parse(flagdDefinition(state, "groups")).flags["playlist-editor"]).toMatchObject({ targeting: { if: [{ or: [{ in: ["internal", { merge: [{ var: "groups" }] }] }, expect.anything()] }, "on", expect.anything()] } });
  });
});
