export { StagegateProvider } from "./server-provider.js";
export { RolloutFlags, type RolloutFlagsOptions, type FlagsEvent } from "./rollout-flags.js";
export { fileSource, type FileSourceOptions } from "./sources/file-source.js";
export { githubSource, DEFAULT_INTERVAL_MS, type GitHubSource, type GitHubSourceOptions } from "./sources/github-source.js";
export { objectSource, type ObjectSource, type ObjectSourceInput } from "./sources/object-source.js";
export type { FlagSource, SourceReading } from "./source.js";
export { evaluateFlag, DEFAULT_AUDIENCE_ATTRIBUTE, type FlagDecision, type FlagState, type EvaluationInput } from "../../core/flags/evaluate.js";
export { bucketOf, inShare, splitWeights, TOTAL_WEIGHT } from "../../core/flags/bucket.js";
export { flagdDefinition } from "../../core/flags/flagd-definition.js";
