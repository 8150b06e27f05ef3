// What both providers share: the rollouts they serve, kept current from their sources. An
// evaluation reads memory only (no I/O, no await), so its cost is the rule's. A source that
// fails keeps the last good state being served and marks it stale; a file that does not parse
// keeps it too and is reported as an error. With no good state at all, every evaluation is off
// with an error reason: a failure never turns anyone on.
import { readFlagState } from "../../core/flags/flag-state.js";
import { DEFAULT_AUDIENCE_ATTRIBUTE, errorDecision, prepareFlag, type EvaluationInput, type FlagDecision, type FlagState } from "../../core/flags/evaluate.js";
import { formatProblem } from "../../core/result.js";
import type { FlagSource, SourceReading } from "./source.js";

export interface RolloutFlagsOptions {
  /** One source per rollout. */
  sources: FlagSource | FlagSource[];
  /** The context attribute naming a user's audiences (a string or a list). Default `audience`. */
  audienceAttribute?: string;
}

export type FlagsEvent =
  | { type: "changed"; rollouts: string[] }
  | { type: "stale"; message: string }
  | { type: "error"; message: string }
  | { type: "recovered" };

interface Slot {
  source: FlagSource;
  state: FlagState | null;
  /** The rule prepared for `state`. */
  decide: ((context: EvaluationInput) => FlagDecision) | null;
  /** Why the last reading was not used (null when it was). */
  problem: { kind: "stale" | "error"; message: string } | null;
}

export class RolloutFlags {
  readonly audienceAttribute: string;
  private readonly slots: Slot[];
  private readonly byName = new Map<string, Slot>();
  private readonly stops: Array<() => void> = [];
  private listener: (event: FlagsEvent) => void = () => {};

  constructor(options: RolloutFlagsOptions) {
    this.audienceAttribute = options.audienceAttribute ?? DEFAULT_AUDIENCE_ATTRIBUTE;
    const sources = Array.isArray(options.sources) ? options.sources : [options.sources];
    this.slots = sources.map((source) => ({ source, state: null, decide: null, problem: null }));
  }

  onEvent(listener: (event: FlagsEvent) => void): void {
    this.listener = listener;
  }

  /** First reading of every source, then watching. Rejects when no source could be read at all. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map(async (slot) => this.apply(slot, await slot.source.read(), false)));
    for (const slot of this.slots) this.stops.push(slot.source.watch((reading) => this.apply(slot, reading, true)));
    const failed = this.slots.filter((s) => s.state === null);
    if (failed.length > 0) throw new Error(failed.map((s) => s.problem?.message ?? "no state").join("; "));
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Reads every source now (what a poll does), and waits for the result. */
  async refresh(): Promise<void> {
    await Promise.all(this.slots.map(async (slot) => this.apply(slot, await slot.source.read(), true)));
  }

  /** Whether every rollout is served from a current reading. */
  get healthy(): boolean {
    return this.slots.every((s) => s.state !== null && s.problem === null);
  }

  state(rollout: string): FlagState | null {
    return this.byName.get(rollout)?.state ?? null;
  }

  evaluate(flagKey: string, context: EvaluationInput): FlagDecision {
    const slot = this.byName.get(flagKey);
    if (slot?.decide) return slot.decide(context);
    const broken = this.slots.find((s) => s.state === null && s.problem !== null);
    if (broken) return errorDecision(broken.problem!.kind === "error" ? "PARSE_ERROR" : "PROVIDER_NOT_READY", `no readable state for ${flagKey}: ${broken.problem!.message}`);
    return errorDecision("FLAG_NOT_FOUND", `no rollout named ${flagKey} is served here (serving: ${[...this.byName.keys()].join(", ") || "none"})`);
  }

  private apply(slot: Slot, reading: SourceReading, announce: boolean): void {
    const wasHealthy = this.healthy;
    if (!reading.ok) {
      slot.problem = { kind: "stale", message: reading.message };
      if (announce) this.listener({ type: "stale", message: reading.message });
      return;
    }
    if (!reading.changed && slot.state !== null && slot.problem === null) return;
    const parsed = readFlagState(reading.files);
    if (!parsed.ok) {
      const message = parsed.problems.map(formatProblem).join("\n");
      slot.problem = { kind: "error", message };
      if (announce) this.listener({ type: "error", message });
      return;
    }
    const before = slot.state;
    slot.state = parsed.value;
    slot.decide = prepareFlag(parsed.value, this.audienceAttribute);
    slot.problem = null;
    if (before !== null && before.rollout !== parsed.value.rollout) this.byName.delete(before.rollout);
    this.byName.set(parsed.value.rollout, slot);
    if (!announce) return;
    if (!wasHealthy && this.healthy) this.listener({ type: "recovered" });
    if (before === null || JSON.stringify(before) !== JSON.stringify(parsed.value)) this.listener({ type: "changed", rollouts: [parsed.value.rollout] });
  }
}
