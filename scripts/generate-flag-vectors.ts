// Writes docs/flags/vectors.json from the rule (npm run flag-vectors); a test fails when the
// committed file differs from what the rule gives.
import { writeFileSync } from "node:fs";
import { vectorsFileText } from "./flag-vectors.js";

const target = new URL("../docs/flags/vectors.json", import.meta.url);
writeFileSync(target, vectorsFileText());
console.log(`wrote ${target.pathname}`);
