export { StagegateWebProvider } from "./web-provider.js";
export { RolloutFlags, type RolloutFlagsOptions, type FlagsEvent } from "./rollout-flags.js";
export { githubSource, DEFAULT_INTERVAL_MS, type GitHubSource, type GitHubSourceOptions } from "./sources/github-source.js";
export { objectSource, type ObjectSource, type ObjectSourceInput } from "./sources/object-source.js";
export type { FlagSource, SourceReading } from "./source.js";
export { evaluateFlag, DEFAULT_AUDIENCE_ATTRIBUTE, type FlagDecision, type FlagState, type EvaluationInput } from "../../core/flags/evaluate.js";
