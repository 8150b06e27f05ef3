// The OpenFeature provider for servers (@openfeature/server-sdk): flag key = rollout name,
// a boolean flag decided by stagegate's rule for each evaluation context.
import { OpenFeatureEventEmitter, ProviderEvents, type ErrorCode, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from "@openfeature/server-sdk";
import { RolloutFlags, type FlagsEvent, type RolloutFlagsOptions } from "./rollout-flags.js";
import { toResolution, typeMismatch } from "./decision-details.js";

export class StagegateProvider implements Provider {
  readonly metadata = { name: "stagegate" } as const;
  readonly runsOn = "server" as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly flags: RolloutFlags;

  constructor(options: RolloutFlagsOptions) {
    this.flags = new RolloutFlags(options);
    this.flags.onEvent((event) => emit(this.events, event));
  }

  initialize(): Promise<void> {
    return this.flags.start();
  }

  onClose(): Promise<void> {
    this.flags.stop();
    return Promise.resolve();
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve(toResolution(this.flags.evaluate(flagKey, context), defaultValue) as ResolutionDetails<boolean>);
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string): Promise<ResolutionDetails<string>> {
    return Promise.resolve(typeMismatch(flagKey, defaultValue) as ResolutionDetails<string>);
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number): Promise<ResolutionDetails<number>> {
    return Promise.resolve(typeMismatch(flagKey, defaultValue) as ResolutionDetails<number>);
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T): Promise<ResolutionDetails<T>> {
    return Promise.resolve(typeMismatch(flagKey, defaultValue) as ResolutionDetails<T>);
  }
}

export function emit(events: { emit: (event: ProviderEvents, details?: Record<string, unknown>) => void }, event: FlagsEvent): void {
  switch (event.type) {
    case "changed":
      return events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: event.rollouts });
    case "stale":
      return events.emit(ProviderEvents.Stale, { message: event.message });
    case "error":
      return events.emit(ProviderEvents.Error, { message: event.message, errorCode: "PARSE_ERROR" as ErrorCode });
    case "recovered":
      return events.emit(ProviderEvents.Ready);
  }
}
