import type { Settings } from "./model.js";
import type { Problem } from "./result.js";
import type { YamlSource } from "./yaml-source.js";
export declare function planRuleProblems(data: unknown, settings: Settings | null, source: YamlSource): Problem[];
