// Reads `.github/stagegate.yml` into `Settings`, reporting every problem with its position.
import { freezeSyntaxProblem, parseBusinessHours, parseFreeze, timezoneProblem } from "./calendar-syntax.js";
import type { BusinessHours, Freeze, Settings } from "./model.js";
import { fail, ok, type Problem, type Result } from "./result.js";
import { validate } from "./schema-kit.js";
import { SettingsSchema, type SettingsData } from "./settings-schema.js";
import { fastYamlData, plainSource, type ParseOptions } from "./yaml-fast.js";
import { loadYaml, objectSource, sortProblems, type YamlSource } from "./yaml-source.js";

const EMPTY = "the settings file is empty: it should define roles: (and usually calendar:), like roles: { qa-lead: { users: [quinn] } }";

/** Settings for a repository without `.github/stagegate.yml`: no roles, UTC, no business hours, no freezes. */
export function defaultSettings(): Settings {
  return {
    roles: {},
    promoters: { users: [], teams: [] },
    calendar: { timezone: "UTC", businessHours: null, freezes: [] },
    metrics: { prometheus: null },
    dismissStaleSignoffs: false,
  };
}

export function parseSettings(text: string, file: string, options: ParseOptions = {}): Result<Settings> {
  const fast = options.fast === false ? null : fastYamlData(text);
  if (fast !== null) {
    const settings = settingsFrom(plainSource(fast.data, file));
    if (settings.ok) return settings;
  }
  const source = loadYaml(text, file, EMPTY);
  return source.ok ? settingsFrom(source.value) : source;
}

/**
 * Settings handed over as data rather than text, e.g. by Probot's `context.config` after it
 * merged `_extends`: problems name the field but point at 1:1, since there is no text to point into.
 */
export function settingsFromObject(data: unknown, file: string): Result<Settings> {
  if (data === null || data === undefined) return fail([{ file, line: 1, col: 1, message: EMPTY }]);
  return settingsFrom(objectSource(data, file));
}

function settingsFrom(source: YamlSource): Result<Settings> {
  const parsed = validate(SettingsSchema, source);
  const problems = parsed.success ? [] : [...parsed.problems];
  const freezes = resolveFreezes(source, problems);
  if (!parsed.success || problems.length > 0) return fail(sortProblems(problems));
  return ok(build(parsed.data, freezes));
}

/**
 * Freezes need the time zone to become instants, so they are resolved here rather than in the
 * schema, and on the raw data: a wrong key elsewhere must not hide a freeze that ends before it starts.
 */
function resolveFreezes(source: YamlSource, problems: Problem[]): Freeze[] {
  const calendar = asRecord(asRecord(source.data)?.calendar);
  const entries = calendar?.freeze;
  if (!Array.isArray(entries)) return [];
  const zone = typeof calendar?.timezone === "string" && timezoneProblem(calendar.timezone) === null ? calendar.timezone : "UTC";
  const freezes: Freeze[] = [];
  entries.forEach((entry, i) => {
    // The schema reports entries of the wrong type or shape.
    if (typeof entry !== "string" || freezeSyntaxProblem(entry) !== null) return;
    const freeze = parseFreeze(entry, zone);
    if (typeof freeze === "string") problems.push(source.problem(["calendar", "freeze", i], freeze));
    else freezes.push(freeze);
  });
  return freezes;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function build(data: SettingsData, freezes: Freeze[]): Settings {
  const hours = data.calendar["business-hours"];
  const businessHours =
    hours === undefined ? null : (typeof hours === "string" ? [hours] : hours).map((text) => parseBusinessHours(text) as BusinessHours);
  return {
    roles: data.roles,
    promoters: data.promoters,
    calendar: { timezone: data.calendar.timezone, businessHours, freezes },
    metrics: { prometheus: data.metrics.prometheus ?? null },
    dismissStaleSignoffs: data["dismiss-stale-signoffs"],
  };
}
