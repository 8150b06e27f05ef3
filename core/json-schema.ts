// The JSON Schemas published in docs/schema/, generated from the zod schemas so editors
// (yaml-language-server) check and complete the same rules the CLI, the App and the Action apply.
// They describe the input side: defaults are optional keys, and cross-field rules (percentages
// that never decrease, known roles and gates) are left to `stagegate validate`.
import * as z from "zod/mini";
import { PlanSchema } from "./plan-schema.js";
import { SettingsSchema } from "./settings-schema.js";

export interface SchemaFile {
  /** Path relative to the repository root. */
  path: string;
  text: string;
}

export function schemaFiles(): SchemaFile[] {
  return [
    { path: "docs/schema/stagegate.schema.json", text: render(SettingsSchema) },
    { path: "docs/schema/rollout-plan.schema.json", text: render(PlanSchema) },
  ];
}

function render(schema: z.ZodMiniType): string {
  // draft-07 is the dialect every YAML editor integration understands.
  const { $schema, title, description, ...rest } = z.toJSONSchema(schema, { io: "input", target: "draft-07" });
  // Title and description first: they are what a person opening the file wants to read.
  return `${JSON.stringify({ $schema, title, description, ...rest }, null, 2)}\n`;
}
