// `npm run schema`: rewrites docs/schema/*.json from the zod schemas. A test fails while the
// committed files differ from what this would write.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { schemaFiles } from "../core/json-schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
for (const file of schemaFiles()) {
  const target = resolve(root, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.text);
  console.log(`wrote ${file.path}`);
}
