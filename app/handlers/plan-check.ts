// The `stagegate / plan` check run's content: every problem as an annotation at its file, line
// and column, and on success the projected timeline of each plan, so reviewers see when each
// stage would be reached before they approve.
import { formatInstant } from "../../core/engine/wording.js";
import { escapeMarkdownInline } from "../../core/markdown/escape.js";
import type { Plan, Settings } from "../../core/model.js";
import { formatProblem, type Problem } from "../../core/result.js";
import { simulate } from "../../core/simulate.js";
import type { CheckAnnotation, CheckRunInput } from "../../port/github-port.js";
import { PLAN_CHECK } from "./signoff-checks.js";

function annotationOf(problem: Problem): CheckAnnotation {
  return {
    path: problem.file,
    start_line: problem.line,
    end_line: problem.line,
    // Columns are allowed only on single-line annotations, which these are.
    start_column: problem.col,
    end_column: problem.col,
    annotation_level: "failure",
    message: problem.message,
  };
}

const cell = (s: string): string => escapeMarkdownInline(s).replace(/\|/g, "\\|");

function timeline(plan: Plan, settings: Settings, now: Date): string[] {
  const simulation = simulate(plan, settings, now);
  const lines = [`#### ${cell(plan.name)}${plan.description ? ` — ${cell(plan.description)}` : ""}`, "", "| Stage | Percent | Earliest entry |", "| --- | --- | --- |"];
  for (const stage of simulation.stages) lines.push(`| ${cell(stage.name)} | ${stage.percent}% | ${formatInstant(Date.parse(stage.enter))} |`);
  if (simulation.unreachable) lines.push("", `⚠️ ${cell(simulation.unreachable.stage)} can never be entered: ${cell(simulation.unreachable.message)}`);
  return lines;
}

interface PlanCheckInput {
  headSha: string;
  detailsUrl?: string;
  now: Date;
  settings: Settings;
  plans: Plan[];
  problems: Problem[];
  /** Plans whose rollout already runs: a change takes effect at the next clock run after merge. */
  started: string[];
  notes: string[];
}

export function planCheckRun(input: PlanCheckInput): CheckRunInput {
  const common = { name: PLAN_CHECK, headSha: input.headSha, status: "completed" as const, ...(input.detailsUrl ? { detailsUrl: input.detailsUrl } : {}) };
  const notes = input.notes.map((n) => `> ${n}`);
  if (input.problems.length > 0) {
    const n = input.problems.length;
    return {
      ...common,
      conclusion: "failure",
      title: `${n} problem${n === 1 ? "" : "s"} in the rollout plan${input.plans.length + n === 1 ? "" : "s"}`,
      summary: [`Fix ${n === 1 ? "this problem" : `these ${n} problems`} (each is annotated on the changed file):`, "", ...input.problems.map((p) => `- \`${formatProblem(p).replace(/`/g, "'")}\``), "", ...notes].join("\n"),
      annotations: input.problems.map(annotationOf),
    };
  }
  if (input.plans.length === 0) {
    return { ...common, conclusion: "success", title: "No rollout plan changed", summary: ["This pull request changes no plan in `.github/rollouts/`.", "", ...notes].join("\n") };
  }
  const sections = input.plans.flatMap((plan) => [...timeline(plan, input.settings, input.now), ""]);
  const started = input.started.length > 0 ? [`Already running: ${input.started.map(cell).join(", ")}. The change applies from the first clock run after the merge; sign-off is not asked again.`, ""] : [];
  return {
    ...common,
    conclusion: "success",
    title: `${input.plans.length === 1 ? "The plan is" : `${input.plans.length} plans are`} valid`,
    summary: ["Projected timeline if every sign-off and exit item were ticked at once and every gate passed, starting now:", "", ...sections, ...started, ...notes].join("\n"),
  };
}
