import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { INPUTS, OUTPUTS, type InputSpec } from "../../action/io.js";

// GitHub reads action.yml; the code reads action/io.ts. A user who reads one must get the other.
const actionYml = parse(readFileSync(new URL("../../action.yml", import.meta.url), "utf8")) as {
  inputs: Record<string, { description: string; required?: boolean; default?: unknown }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
};

describe("action.yml and action/io.ts", () => {
  it("declare the same inputs, in the same order", () => {
    expect(Object.keys(actionYml.inputs)).toEqual(Object.keys(INPUTS));
  });

  it.each(Object.entries(INPUTS) as Array<[string, InputSpec]>)("input %s: same description, required flag and default", (name, spec) => {
    const declared = actionYml.inputs[name];
    expect(declared).toBeDefined();
    expect(declared?.description).toBe(spec.description);
    expect(declared?.required ?? false).toBe(spec.required);
    // action.yml defaults are strings to the runner; a YAML boolean would arrive as "false" anyway,
    // but keep them written as strings so both sides compare byte for byte.
    expect(declared?.default).toBe(spec.default);
  });

  it("declare the same outputs with the same descriptions", () => {
    expect(Object.keys(actionYml.outputs)).toEqual(Object.keys(OUTPUTS));
    for (const [name, spec] of Object.entries(OUTPUTS)) {
      expect(actionYml.outputs[name]?.description).toBe(spec.description);
    }
  });

  it("runs the committed bundle on Node 24", () => {
    expect(actionYml.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(actionYml.branding.icon).toBeTruthy();
  });

  it("marks every credential as a secret so it is masked before anything is logged", () => {
    const secrets = Object.entries(INPUTS as Record<string, InputSpec>).filter(([, s]) => s.secret).map(([n]) => n);
    expect(secrets).toEqual(expect.arrayContaining(["token", "metrics-token", "metrics-username", "metrics-password"]));
  });
});
