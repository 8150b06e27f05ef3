// The OpenFeature provider for browsers (@openfeature/web-sdk). The web SDK evaluates
// synchronously against the static context set with OpenFeature.setContext; the rule is
// synchronous and reads memory only, so each evaluation is decided afresh, and a changed
// state announces itself with PROVIDER_CONFIGURATION_CHANGED for the page to re-render.
import { OpenFeatureEventEmitter, ProviderEvents, type ErrorCode, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from "@openfeature/web-sdk";
import { RolloutFlags, type FlagsEvent, type RolloutFlagsOptions } from "./rollout-flags.js";
import { toResolution, typeMismatch } from "./decision-details.js";

export class StagegateWebProvider implements Provider {
  readonly metadata = { name: "stagegate" } as const;
  readonly runsOn = "client" as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly flags: RolloutFlags;

  constructor(options: RolloutFlagsOptions) {
    this.flags = new RolloutFlags(options);
    this.flags.onEvent((event) => emitWeb(this.events, event));
  }

  initialize(): Promise<void> {
    return this.flags.start();
  }

  onClose(): Promise<void> {
    this.flags.stop();
    return Promise.resolve();
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): ResolutionDetails<boolean> {
    return toResolution(this.flags.evaluate(flagKey, context), defaultValue) as ResolutionDetails<boolean>;
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string> {
    return typeMismatch(flagKey, defaultValue) as ResolutionDetails<string>;
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number> {
    return typeMismatch(flagKey, defaultValue) as ResolutionDetails<number>;
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T): ResolutionDetails<T> {
    return typeMismatch(flagKey, defaultValue) as ResolutionDetails<T>;
  }
}

function emitWeb(events: OpenFeatureEventEmitter, event: FlagsEvent): void {
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
