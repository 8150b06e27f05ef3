// Hands the run's report to the runner: annotations on the exact plan lines, warnings for
// rollouts that could not start, the log (with every change a dry run would make), the step
// outputs and the job summary. Everything comes from one RunReport, so they always agree.
import { randomUUID } from "node:crypto";
import * as core from "@actions/core";
import { fitBytes, JOB_SUMMARY_MAX_BYTES } from "../core/github-limits.js";
import type { Problem } from "../core/result.js";
import { changedAnything, rolloutOutput, type RolloutReport, type RunReport } from "./report.js";
import { buildSummary, type SummaryOptions } from "./summary.js";
import { countWrites, describeWrite } from "./write-text.js";

/** `::error file=…,line=…,col=…::message`: GitHub pins it to the line in the run and the PR. */
export function annotate(problem: Problem): void {
  core.error(problem.message, { file: problem.file, startLine: problem.line, startColumn: problem.col });
}

function logRollout(run: RunReport, r: RolloutReport): void {
  const where = r.state ? ` (${r.state.stage} ${r.state.percent}%, ${r.state.status})` : "";
  core.info(`${r.name}${where}: ${r.action} — ${r.reason}`);
  if (r.eligibility?.earliest) core.info(`  next eligible: ${r.eligibility.earliest}`);
  if (r.writes.length === 0) return;
  core.startGroup(`${r.name}: ${run.dryRun ? "would apply" : "applied"} ${countWrites(r.writes)}`);
  // Contents are printed whole: the log is the full record (the summary shortens what is long).
  // What they quote (a comment, a plan's text) must not be read by the runner as a command.
  const resume = randomUUID();
  for (const [i, recorded] of r.writes.entries()) {
    const { headline, content } = describeWrite(recorded);
    core.info(`${i + 1}. ${headline}`);
    if (content === null) continue;
    core.info(`::stop-commands::${resume}`);
    core.info(content.text);
    core.info(`::${resume}::`);
  }
  core.endGroup();
}

/** Writes everything; returns the message to fail the step with, or null. */
export async function emitReport(run: RunReport): Promise<string | null> {
  if (run.dryRun) core.notice("Dry run: the changes below were computed and printed, and none was applied.");
  for (const problem of run.problems) annotate(problem);
  for (const r of run.rollouts) {
    for (const problem of r.problems) annotate(problem);
    if (r.problems.length === 0 && r.action === "error") core.error(`${r.name}: ${r.reason}`, { file: r.planPath });
    if (r.warning) core.warning(r.warning, { file: r.planPath });
    for (const note of r.notes ?? []) core.notice(`${r.name}: ${note}`, { file: r.planPath });
    logRollout(run, r);
  }

  core.setOutput("changed", changedAnything(run) ? "true" : "false");
  core.setOutput("rollouts", JSON.stringify(run.rollouts.map(rolloutOutput)));

  // Outside a runner (a local run) there is no summary file: the log above says it all.
  if (process.env.GITHUB_STEP_SUMMARY) {
    // GitHub drops a step's summary over 1 MiB whole: cut it to fit instead.
    const summary = buildSummary(core.summary, run, summaryOptions(process.env));
    const text = fitBytes(summary.stringify(), JOB_SUMMARY_MAX_BYTES);
    await summary.emptyBuffer().addRaw(text).write();
  }

  const broken = run.rollouts.filter((r) => r.action === "error").map((r) => r.name);
  if (run.problems.length > 0) return `stagegate: ${run.problems[0]?.file ?? "the configuration"} has problems (see the annotations); no rollout was moved.`;
  if (broken.length > 0) return `stagegate: ${broken.length} rollout(s) could not be run: ${broken.join(", ")} (see the annotations). The others ran.`;
  return null;
}

/** The repository's web address, from the variables every runner sets. */
function summaryOptions(env: NodeJS.ProcessEnv): SummaryOptions {
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  return env.GITHUB_REPOSITORY ? { repoUrl: `${server.replace(/\/+$/, "")}/${env.GITHUB_REPOSITORY}` } : {};
}
