// Rules that relate one part of a plan to another, or to the settings: what a schema of single
// values cannot say. They run on the raw data even when the schema found problems elsewhere, so
// one pass reports everything; each rule skips values of the wrong type (the schema reports those).
import type { Settings } from "./model.js";
import type { Problem } from "./result.js";
import { forbiddenStatePath } from "./state-paths.js";
import { didYouMean } from "./suggest.js";
import type { Path, YamlSource } from "./yaml-source.js";

type Entry = { path: Path; value: Record<string, unknown> };

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The mappings of a list at `path`, with their paths. */
function entries(value: unknown, path: Path): Entry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) => {
    const r = record(item);
    return r === null ? [] : [{ path: [...path, i], value: r }];
  });
}

export function planRuleProblems(data: unknown, settings: Settings | null, source: YamlSource): Problem[] {
  const plan = record(data) ?? {};
  const rollback = record(plan.rollback);
  const stages = entries(plan.stages, ["stages"]);
  const gates = entries(plan.gates, ["gates"]);
  const rollbackRules = entries(rollback?.when, ["rollback", "when"]);
  const alerts = entries(plan.alerts, ["alerts"]);
  const problems: Problem[] = [];
  const at = (path: Path, message: string, anchor: "value" | "key" | "container" = "value") => problems.push(source.problem(path, message, anchor));

  if (typeof plan.state === "string") {
    const forbidden = forbiddenStatePath(plan.state);
    if (forbidden !== null) at(["state"], forbidden);
  }

  // Percentages never decrease: a rollout only ever widens until it is rolled back.
  let previous: { percent: number; name: unknown } | null = null;
  for (const { path, value } of stages) {
    // Out-of-range percents are the schema's to report, and no yardstick for the next stage.
    if (typeof value.percent !== "number" || value.percent < 0 || value.percent > 100) continue;
    if (previous !== null && value.percent < previous.percent) {
      const stage = typeof previous.name === "string" ? ` "${previous.name}"` : "";
      at([...path, "percent"], `${value.percent} is lower than ${previous.percent} in the previous stage${stage}: percentages never decrease from one stage to the next`);
    }
    previous = { percent: value.percent, name: value.name };
  }

  const items = [...entries(plan.signoff, ["signoff"]), ...stages.flatMap((s) => entries(s.value.exit, [...s.path, "exit"]))];
  unique(stages, "name", "stage name", "", at, source);
  unique(items, "id", "id", " (ids must be unique across the sign-off and every exit list: approvals are recorded by id)", at, source);
  unique(gates, "name", "gate name", "", at, source);

  for (const { path, value } of [...gates, ...rollbackRules, ...alerts]) {
    const has = (key: string) => key in value && value[key] !== undefined;
    if (has("below") && has("above")) at([...path, "above"], "set either below or above, not both", "key");
    else if (!has("below") && !has("above")) at([...path, "below"], "needs a threshold: below: <number> or above: <number>", "container");
  }

  const gateNames = [...new Set(names(gates, "name"))];
  for (const { path, value } of [...rollbackRules, ...alerts]) {
    if (typeof value.gate !== "string" || gateNames.includes(value.gate)) continue;
    const known = gateNames.length === 0 ? "this plan defines no gates" : `gates: ${gateNames.join(", ")}`;
    at([...path, "gate"], `no gate named "${value.gate}"${didYouMean(value.gate, gateNames)}; ${known}`);
  }

  const stageNames = [...new Set(names(stages, "name"))];
  if (typeof rollback?.to === "string" && stageNames.length > 0 && !stageNames.includes(rollback.to)) {
    at(["rollback", "to"], `no stage named "${rollback.to}"${didYouMean(rollback.to, stageNames)}; stages: ${stageNames.join(", ")}`);
  }

  if (settings !== null) checkRoles(plan, rollback, items, alerts, settings, at);
  return problems;
}

function names(list: Entry[], key: string): string[] {
  return list.flatMap(({ value }) => (typeof value[key] === "string" ? [value[key]] : []));
}

function unique(list: Entry[], key: string, what: string, why: string, at: (path: Path, message: string) => void, source: YamlSource): void {
  const first = new Map<string, Path>();
  for (const { path, value } of list) {
    const name = value[key];
    if (typeof name !== "string") continue;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, [...path, key]);
    else at([...path, key], `duplicate ${what} "${name}": already used at line ${source.problem(earlier, "").line}${why}`);
  }
}

/** Plans reference roles; only the settings (read from the default branch) define who holds them. */
function checkRoles(
  plan: Record<string, unknown>,
  rollback: Record<string, unknown> | null,
  items: Entry[],
  alerts: Entry[],
  settings: Settings,
  at: (path: Path, message: string) => void,
): void {
  const defined = Object.keys(settings.roles);
  const refs: Array<{ path: Path; role: unknown }> = [
    ...items.map(({ path, value }) => ({ path: [...path, "role"], role: value.role })),
    ...roleList(plan.notify, ["notify"]),
    ...roleList(rollback?.notify, ["rollback", "notify"]),
    ...alerts.flatMap(({ path, value }) => roleList(value.notify, [...path, "notify"])),
  ];
  for (const { path, role } of refs) {
    if (typeof role !== "string" || Object.hasOwn(settings.roles, role)) continue;
    const known = defined.length === 0 ? "the settings define no roles" : `defined roles: ${defined.join(", ")}`;
    at(path, `role "${role}" is not defined in the settings${didYouMean(role, defined)}; ${known}`);
  }
}

function roleList(value: unknown, path: Path): Array<{ path: Path; role: unknown }> {
  return Array.isArray(value) ? value.map((role, i) => ({ path: [...path, i], role })) : [];
}
