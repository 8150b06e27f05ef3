import { OpenFeatureEventEmitter, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from "@openfeature/web-sdk";
import { RolloutFlags, type RolloutFlagsOptions } from "./rollout-flags.js";
export declare class StagegateWebProvider implements Provider {
    readonly metadata: {
        readonly name: "stagegate";
    };
    readonly runsOn: "client";
    readonly events: OpenFeatureEventEmitter;
    readonly flags: RolloutFlags;
    constructor(options: RolloutFlagsOptions);
    initialize(): Promise<void>;
    onClose(): Promise<void>;
    resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): ResolutionDetails<boolean>;
    resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string>;
    resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number>;
    resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T): ResolutionDetails<T>;
}
