import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { schemaFiles } from "../../core/json-schema.js";

const root = resolve(import.meta.dirname, "../..");

describe("the published JSON Schemas", () => {
  it.each(schemaFiles().map((f) => [f.path, f.text]))("%s is up to date (run `npm run schema` after changing a schema)", (path, text) => {
    expect(readFileSync(resolve(root, path), "utf8")).toBe(text);
  });

  it("are strict draft-07 schemas with the keys users write", () => {
    const [settings, plan] = schemaFiles().map((f) => JSON.parse(f.text));
    expect(settings.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(settings.additionalProperties).toBe(false);
    expect(Object.keys(settings.properties)).toEqual(["_extends", "roles", "promoters", "calendar", "metrics", "dismiss-stale-signoffs"]);
    expect(Object.keys(settings.properties.calendar.properties)).toEqual(["timezone", "business-hours", "freeze"]);
    expect(plan.required).toEqual(["stages"]);
    expect(Object.keys(plan.properties.stages.items.properties)).toEqual(["name", "percent", "audience", "bake", "exit"]);
    expect(plan.properties.gates.items.properties["no-data"]).toMatchObject({ default: "hold", enum: ["hold", "fail", "pass"] });
    expect(plan.properties.stages.items.properties.bake.pattern).toBeTypeOf("string");
  });
});
