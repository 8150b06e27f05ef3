// A rollout handed over by the caller: the state file (its YAML text, or the same data as an
// object) and optionally the plan. `update()` replaces it, as a service that receives the state
// another way (a webhook, its own config store) would.
import { stringify } from "yaml";
import type { FlagFiles } from "../../../core/flags/flag-state.js";
import type { FlagSource, SourceReading } from "../source.js";

export interface ObjectSourceInput {
  /** The state file: YAML text, or its data (`{ rollout, stage, percent, status, … }`). */
  state: string | Record<string, unknown>;
  /** The plan: YAML text, or its data (`{ stages: [{ name, percent, audience }] }`). */
  plan?: string | Record<string, unknown> | null;
}

export interface ObjectSource extends FlagSource {
  update(input: ObjectSourceInput): void;
}

const asText = (value: string | Record<string, unknown>) => (typeof value === "string" ? value : stringify(value));

function toFiles(input: ObjectSourceInput): FlagFiles {
  const state = { path: "state", text: asText(input.state) };
  if (input.plan === undefined || input.plan === null) return { state };
  // The plan's file name is the rollout name, which the state names.
  const rollout = typeof input.state === "string" ? /^rollout:\s*(\S+)/m.exec(input.state)?.[1] : input.state.rollout;
  return { state, plan: { path: `${String(rollout ?? "plan")}.yml`, text: asText(input.plan) } };
}

export function objectSource(input: ObjectSourceInput): ObjectSource {
  let files = toFiles(input);
  const listeners = new Set<(reading: SourceReading) => void>();
  return {
    read: () => Promise.resolve({ ok: true, files, changed: false }),
    watch(onReading) {
      listeners.add(onReading);
      return () => listeners.delete(onReading);
    },
    update(next) {
      files = toFiles(next);
      for (const listener of listeners) listener({ ok: true, files, changed: true });
    },
  };
}
