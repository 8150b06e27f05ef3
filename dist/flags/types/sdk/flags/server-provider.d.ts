import { OpenFeatureEventEmitter, ProviderEvents, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from "@openfeature/server-sdk";
import { RolloutFlags, type FlagsEvent, type RolloutFlagsOptions } from "./rollout-flags.js";
export declare class StagegateProvider implements Provider {
    readonly metadata: {
        readonly name: "stagegate";
    };
    readonly runsOn: "server";
    readonly events: OpenFeatureEventEmitter;
    readonly flags: RolloutFlags;
    constructor(options: RolloutFlagsOptions);
    initialize(): Promise<void>;
    onClose(): Promise<void>;
    resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>>;
    resolveStringEvaluation(flagKey: string, defaultValue: string): Promise<ResolutionDetails<string>>;
    resolveNumberEvaluation(flagKey: string, defaultValue: number): Promise<ResolutionDetails<number>>;
    resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T): Promise<ResolutionDetails<T>>;
}
export declare function emit(events: {
    emit: (event: ProviderEvents, details?: Record<string, unknown>) => void;
}, event: FlagsEvent): void;
