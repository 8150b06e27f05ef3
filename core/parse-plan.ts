// Reads `.github/rollouts/<name>.yml` into a `Plan`, reporting every problem with its position.
import { parseDuration } from "./duration.js";
import { DEFAULT_AUDIENCE_ATTRIBUTE } from "./flags/evaluate.js";
import type { AlertRule, ChecklistItem, Duration, Gate, Plan, RollbackRule, Settings } from "./model.js";
import { PlanSchema, type PlanData } from "./plan-schema.js";
import { planRuleProblems } from "./plan-rules.js";
import { defaultStatePath } from "./state-paths.js";
import { fail, ok, type Result } from "./result.js";
import { validate } from "./schema-kit.js";
import { fastYamlData, plainSource, type ParseOptions } from "./yaml-fast.js";
import { loadYaml, sortProblems, type YamlSource } from "./yaml-source.js";

const EMPTY = "the plan is empty: a rollout plan needs at least stages:, like stages: [{ name: full, percent: 100 }]";
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The rollout's name: the plan's file name without `.yml`. */
export function planName(file: string): string {
  return file.split(/[\\/]/).pop()!.replace(/\.ya?ml$/i, "");
}

export { defaultStatePath };

/**
 * Parses a plan. With `settings`, every role the plan names must be defined there; with null
 * (no settings available, e.g. the CLI outside a repository), roles are not checked.
 */
export function parsePlan(text: string, file: string, settings: Settings | null, options: ParseOptions = {}): Result<Plan> {
  // A valid plan is read the fast way; any problem is reported from the position-keeping reading.
  const fast = options.fast === false ? null : fastYamlData(text);
  if (fast !== null) {
    const plan = planFrom(plainSource(fast.data, file), file, settings);
    if (plan.ok) return plan;
  }
  const source = loadYaml(text, file, EMPTY);
  if (!source.ok) return source;
  return planFrom(source.value, file, settings);
}

function planFrom(source: YamlSource, file: string, settings: Settings | null): Result<Plan> {
  const name = planName(file);
  const problems = [];
  if (!NAME_PATTERN.test(name)) {
    problems.push({ file, line: 1, col: 1, message: `the file name "${name}" cannot name a rollout: use letters, digits, dots and dashes, like playlist-editor.yml` });
  }
  const parsed = validate(PlanSchema, source);
  if (!parsed.success) problems.push(...parsed.problems);
  problems.push(...planRuleProblems(source.data, settings, source));
  if (!parsed.success || problems.length > 0) return fail(sortProblems(problems));
  return ok(build(parsed.data, name, file));
}

function build(data: PlanData, name: string, path: string): Plan {
  const item = (i: PlanData["signoff"][number]): ChecklistItem => ({ id: i.id, title: i.title, role: i.role });
  const threshold = (t: { below?: number | undefined; above?: number | undefined }) => ({ below: t.below ?? null, above: t.above ?? null });
  return {
    name,
    path,
    description: data.description ?? null,
    statePath: data.state ?? defaultStatePath(name),
    signoff: data.signoff.map(item),
    stages: data.stages.map((s) => ({
      name: s.name,
      percent: s.percent,
      audience: s.audience ?? null,
      bake: duration(s.bake),
      exit: s.exit.map(item),
    })),
    gates: data.gates.map(
      (g): Gate => ({ name: g.name, query: g.query ?? null, ...threshold(g), noData: g["no-data"], for: duration(g.for) }),
    ),
    rollback: {
      to: typeof data.rollback.to === "number" ? { percent: data.rollback.to } : { stage: data.rollback.to },
      when: data.rollback.when.map((r): RollbackRule => ({ gate: r.gate, ...threshold(r), for: duration(r.for) })),
      notify: data.rollback.notify,
    },
    alerts: data.alerts.map((a): AlertRule => ({ gate: a.gate, ...threshold(a), for: duration(a.for), notify: a.notify })),
    notify: data.notify,
    ...flagdSettings(data.flagd, data.state ?? defaultStatePath(name)),
  };
}

/** `flagd: true` or `flagd: { path, audience-attribute }`, with their defaults filled in. */
function flagdSettings(flagd: PlanData["flagd"], statePath: string): Pick<Plan, "flagd"> {
  if (flagd === undefined || flagd === false) return {};
  const options = flagd === true ? {} : flagd;
  return { flagd: { path: options.path ?? statePath.replace(/\.ya?ml$/, ".flagd.json"), audienceAttribute: options["audience-attribute"] ?? DEFAULT_AUDIENCE_ATTRIBUTE } };
}

/** Durations were checked by the schema, so reading them again cannot fail. */
function duration(text: string | undefined): Duration | null {
  return text === undefined ? null : (parseDuration(text) as Duration);
}
