// Reading the files the commands name, and the settings that go with a plan.
import { relative, resolve } from "node:path";
import type { Settings } from "../core/model.js";
import { parseSettings } from "../core/parse-settings.js";
import type { Problem } from "../core/result.js";
import type { CliIo, ReadResult } from "./io.js";
import { settingsPathFor } from "./settings-lookup.js";

export function readArg(file: string, io: CliIo): Promise<ReadResult> {
  return io.readFile(resolve(io.cwd, file));
}

/** Where the settings came from, and what they hold. */
export type SettingsOutcome =
  /** `label` is the path to show: as typed for --settings, relative to the working directory when found. */
  | { kind: "loaded"; label: string; settings: Settings }
  | { kind: "invalid"; label: string; problems: Problem[] }
  | { kind: "unreadable"; label: string; reason: string }
  /** No repository holds the plan, or it has no settings file; `label` is where they were looked for. */
  | { kind: "none"; label: string | null };

export async function loadSettings(file: string, label: string, io: CliIo): Promise<SettingsOutcome> {
  const read = await io.readFile(resolve(io.cwd, file));
  if ("error" in read) return { kind: "unreadable", label, reason: read.error };
  const parsed = parseSettings(read.text, label);
  return parsed.ok ? { kind: "loaded", label, settings: parsed.value } : { kind: "invalid", label, problems: parsed.problems };
}

/** The settings of the repository that holds `planFile`, each repository read once per run. */
export function settingsFinder(io: CliIo): (planFile: string) => Promise<SettingsOutcome> {
  const cache = new Map<string, Promise<SettingsOutcome>>();
  return async (planFile) => {
    const path = await settingsPathFor(resolve(io.cwd, planFile), io);
    if (path === null) return { kind: "none", label: null };
    let outcome = cache.get(path);
    if (outcome === undefined) {
      const label = relative(io.cwd, path) || path;
      outcome = loadSettings(path, label, io).then((o) => (o.kind === "unreadable" ? { kind: "none", label } : o));
      cache.set(path, outcome);
    }
    return outcome;
  };
}
