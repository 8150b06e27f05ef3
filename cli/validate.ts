// `stagegate validate <file>... [--settings <stagegate.yml>]`: plans and settings files checked
// the way the App and the Action will read them, every problem as `path:line:col: message`.
import { parsePlan } from "../core/parse-plan.js";
import { parseSettings } from "../core/parse-settings.js";
import { formatProblem, type Problem } from "../core/result.js";
import { parseArgs } from "./args.js";
import { EXIT, type CliIo } from "./io.js";
import { loadSettings, readArg, settingsFinder, type SettingsOutcome } from "./load.js";
import { isSettingsFile } from "./settings-lookup.js";
import { usageError } from "./usage-error.js";

export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ["settings"], flags: [] });
  if (typeof args === "string") return usageError(io, args);
  if (args.positional.length === 0) return usageError(io, "validate needs at least one file, like .github/rollouts/<name>.yml");

  let failed = false;
  const report = (problems: Problem[]) => {
    for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
    failed = true;
  };
  // Settings problems are printed once, however many plans they govern.
  const reported = new Set<string>();
  const settingsFor = async (outcome: SettingsOutcome) => {
    if (outcome.kind === "loaded") return { settings: outcome.settings, checked: `roles checked against ${outcome.label}` };
    if (outcome.kind === "invalid" && !reported.has(outcome.label)) {
      reported.add(outcome.label);
      report(outcome.problems);
    }
    return { settings: null, checked: "roles not checked" };
  };

  const option = args.values.settings;
  let explicit: SettingsOutcome | null = null;
  if (option !== undefined) {
    explicit = await loadSettings(option, option, io);
    if (explicit.kind === "unreadable") return usageError(io, `cannot read --settings ${option}: ${explicit.reason}`);
  }
  const find = settingsFinder(io);

  for (const file of args.positional) {
    const read = await readArg(file, io);
    if ("error" in read) {
      io.stderr(`${file}: cannot read: ${read.error}\n`);
      failed = true;
      continue;
    }
    if (isSettingsFile(file)) {
      const parsed = parseSettings(read.text, file);
      if (parsed.ok) io.stdout(`${file}: ok (settings: ${count(Object.keys(parsed.value.roles).length, "role")})\n`);
      else report(parsed.problems);
      continue;
    }
    const outcome = explicit ?? (await find(file));
    const { settings, checked } = await settingsFor(outcome);
    if (outcome.kind === "none") {
      const where = outcome.label === null ? "no repository (.github/ folder) holds this plan" : `${outcome.label} does not exist`;
      io.stderr(`note: ${file}: ${where}; roles are not checked (pass --settings <stagegate.yml> to check them)\n`);
    } else if (outcome.kind === "invalid") {
      io.stderr(`note: ${file}: roles are not checked because ${outcome.label} has problems\n`);
    }
    const plan = parsePlan(read.text, file, settings);
    if (!plan.ok) {
      report(plan.problems);
      continue;
    }
    const { name, stages, signoff } = plan.value;
    io.stdout(`${file}: ok (rollout ${name}: ${count(stages.length, "stage")}, ${count(signoff.length, "sign-off item")}; ${checked})\n`);
  }
  return failed ? EXIT.problems : EXIT.ok;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
