// `.github/rollouts/<name>.yml` as written: sign-off checklist, stages, gates, rollback and
// alert rules. The shape and the syntax of each value live here; rules that relate one part of
// the plan to another (or to the settings) live in plan-rules.ts.
import * as z from "zod/mini";
import { DURATION_PATTERN, parseDuration } from "./duration.js";
import { defaulted, parsedString, slug, strictMapping } from "./schema-kit.js";

const duration = parsedString(DURATION_PATTERN, parseDuration, "expected a duration like 24h");

/** Stages a plan may have: each is a row of the tracking issue, with its exit checklist. */
const MAX_STAGES = 100;

const roleRef = slug("role").check(z.describe("A role defined in .github/stagegate.yml."));
const roleList = (description: string) => defaulted(z.array(roleRef), [], description);

const item = strictMapping({
  id: slug("id").check(z.describe("Unique across the whole plan (sign-off and every stage's exit list): approvals are recorded by id.")),
  title: z.string().check(z.trim(), z.minLength(1), z.describe("The text of the task-list item and of its check run (stagegate / <title>).")),
  role: roleRef.check(z.describe("Only holders of this role may tick the item.")),
});

const stage = strictMapping({
  name: slug("stage name").check(z.describe("Used in commands (/rollback to <name>) and in the state file.")),
  percent: z.number().check(z.minimum(0), z.maximum(100), z.describe("Share of users, 0 to 100. Never lower than the previous stage's.")),
  audience: z.optional(z.string().check(z.minLength(1))).check(z.describe("A free label written beside the percent, e.g. internal or beta.")),
  bake: z
    .optional(duration)
    .check(z.describe("Minimum time in this stage before promotion: 30m, 24h, 7d, 2w, 1d12h; a trailing `business` counts only business hours outside freezes.")),
  exit: defaulted(z.array(item), [], "Checklist to tick before leaving this stage."),
});

const threshold = {
  below: z.optional(z.number()).check(z.describe("The condition holds while the value is below this. Set exactly one of below and above.")),
  above: z.optional(z.number()).check(z.describe("The condition holds while the value is above this. Set exactly one of below and above.")),
};

const gate = strictMapping({
  name: slug("gate name").check(z.describe("Named by rollback and alert rules.")),
  query: z
    .optional(z.string().check(z.trim(), z.minLength(1)))
    .check(z.describe("PromQL evaluated against the settings' metrics provider. Without it, a workflow step supplies the value.")),
  ...threshold,
  "no-data": defaulted(z.enum(["hold", "fail", "pass"]), "hold", "What a query without data means for promotion: hold (wait), fail, or pass."),
  for: z.optional(duration).check(z.describe("The condition must have held over this whole window.")),
});

const gateRef = slug("gate name").check(z.describe("The name of a gate of this plan."));

const rollbackRule = strictMapping({
  gate: gateRef,
  ...threshold,
  for: z.optional(duration).check(z.describe("Roll back only once the breach has held over this whole window.")),
});

const alertRule = strictMapping({
  gate: gateRef,
  ...threshold,
  for: z.optional(duration).check(z.describe("Alert only once the breach has held over this whole window.")),
  notify: roleList("Roles mentioned when the alert starts and ends."),
});

const STATE_PATH_PATTERN = "^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]+\\.ya?ml$";
const FLAGD_PATH_PATTERN = "^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]+\\.json$";

const flagd = z
  .optional(
    z.union(
      [
        z.boolean(),
        strictMapping({
          path: z
            .optional(
              z.string().check(
                z.regex(new RegExp(FLAGD_PATH_PATTERN), {
                  error: (issue) => `${JSON.stringify(issue.input)} is not a flagd file path: write a path relative to the repository root, without "..", ending in .json (like config/rollouts/playlist-editor.flagd.json)`,
                }),
              ),
            )
            .check(z.describe("Where the flagd file is committed. Default: the state file's path with .flagd.json for .yml.")),
          "audience-attribute": z
            .optional(z.string().check(z.minLength(1)))
            .check(z.describe("The evaluation-context attribute that names a user's audiences (a string or a list). Default: audience.")),
        }),
      ],
      { error: "expected true, or a mapping with path: and audience-attribute:" },
    ),
  )
  .check(
    z.describe(
      "Also commit a flagd flag-definition file for this rollout beside its state, so any flagd provider (Go, Java, Python, .NET, …) decides exactly as stagegate does. See docs/flags.md.",
    ),
  );

export const PlanSchema = strictMapping({
  description: z.optional(z.string()).check(z.describe("What is being rolled out, for people.")),
  state: z
    .optional(
      z.string().check(
        z.regex(new RegExp(STATE_PATH_PATTERN), {
          error: (issue) => `${JSON.stringify(issue.input)} is not a state file path: write a path relative to the repository root, without "..", ending in .yml (like config/rollouts/playlist-editor.yml)`,
        }),
        // Every file directly in .github/rollouts/ is read as a plan, so a state file there would be too.
        z.refine((path) => !/^\.github\/rollouts\/[^/]+$/.test(path), {
          error: "a state file directly in .github/rollouts/ would be read as a plan: put it elsewhere, like .github/rollouts/state/<name>.yml",
        }),
      ),
    )
    .check(z.describe("The committed state file the application reads. Default: .github/rollouts/state/<name>.yml.")),
  signoff: defaulted(z.array(item), [], "Required before the rollout may start: one check run per item on the plan's pull request."),
  stages: z.array(stage).check(
    z.minLength(1, { error: "a plan needs at least one stage" }),
    z.maxLength(MAX_STAGES, {
      error: (issue) => `a plan has at most ${MAX_STAGES} stages (this one has ${String((issue.input as unknown[]).length)}): the tracking issue shows every stage and its checklist`,
    }),
    z.describe("In order; percentages never decrease."),
  ),
  gates: defaulted(z.array(gate), [], "Success criteria, checked before every promotion."),
  rollback: defaulted(
    strictMapping({
      to: defaulted(
        z.union([z.number().check(z.minimum(0), z.maximum(100)), slug("stage name")], { error: "expected a percent (0 to 100) or a stage name" }),
        0,
        "Where a rollback goes: a percent or a stage name. Default 0.",
      ),
      when: defaulted(z.array(rollbackRule), [], "Automatic rollback, checked on every run before anything else."),
      notify: roleList("Roles mentioned on every rollback."),
    }),
    { to: 0, when: [], notify: [] },
    "Rollback target and automatic rollback rules.",
  ),
  alerts: defaulted(z.array(alertRule), [], "Notify, do not act."),
  notify: roleList("Roles mentioned on every promotion."),
  flagd,
}).check(
  z.meta({
    title: "stagegate rollout plan (.github/rollouts/<name>.yml)",
    description: "One staged, gated rollout: sign-off checklist, stages with bake times and exit checklists, health gates, rollback and alert rules.",
  }),
);

export type PlanInput = z.input<typeof PlanSchema>;
export type PlanData = z.output<typeof PlanSchema>;
