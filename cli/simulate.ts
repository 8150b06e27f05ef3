// `stagegate simulate <plan> --start <ISO-8601> [--settings <file>] [--json]`: the projected
// timeline of a plan, from the same calendar and bake functions the clock uses.
import { DateTime } from "luxon";
import type { Settings } from "../core/model.js";
import { parsePlan } from "../core/parse-plan.js";
import { defaultSettings } from "../core/parse-settings.js";
import { formatProblem } from "../core/result.js";
import { simulate } from "../core/simulate.js";
import { parseArgs } from "./args.js";
import { EXIT, type CliIo } from "./io.js";
import { loadSettings, readArg, settingsFinder, type SettingsOutcome } from "./load.js";
import { renderTimeline } from "./timeline-table.js";
import { usageError } from "./usage-error.js";

const START_EXAMPLE = "like 2026-12-01T14:00:00Z, or 2026-12-01T09:00 for calendar time";

export async function simulateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ["settings", "start"], flags: ["json"] });
  if (typeof args === "string") return usageError(io, args);
  if (args.positional.length !== 1) return usageError(io, "simulate takes exactly one plan");
  const file = args.positional[0]!;
  const start = args.values.start;
  if (start === undefined) return usageError(io, `simulate needs --start <ISO-8601>, ${START_EXAMPLE}`);
  if (!DateTime.fromISO(start, { zone: "UTC" }).isValid) return usageError(io, `--start ${JSON.stringify(start)} is not an ISO-8601 date-time: write it ${START_EXAMPLE}`);

  const option = args.values.settings;
  const outcome: SettingsOutcome = option === undefined ? await settingsFinder(io)(file) : await loadSettings(option, option, io);
  let settings: Settings;
  let checkRoles = true;
  switch (outcome.kind) {
    case "unreadable":
      return usageError(io, `cannot read --settings ${option}: ${outcome.reason}`);
    case "invalid":
      for (const p of outcome.problems) io.stderr(`${formatProblem(p)}\n`);
      return EXIT.problems;
    case "none":
      io.stderr(`note: no settings found for ${file}: simulating in UTC without business hours or freezes (pass --settings <stagegate.yml>)\n`);
      settings = defaultSettings();
      checkRoles = false;
      break;
    case "loaded":
      settings = outcome.settings;
  }

  const read = await readArg(file, io);
  if ("error" in read) {
    io.stderr(`${file}: cannot read: ${read.error}\n`);
    return EXIT.problems;
  }
  const plan = parsePlan(read.text, file, checkRoles ? settings : null);
  if (!plan.ok) {
    for (const p of plan.problems) io.stderr(`${formatProblem(p)}\n`);
    return EXIT.problems;
  }

  // Without Z or an offset the start is calendar time, as freezes are.
  const startMs = DateTime.fromISO(start, { zone: settings.calendar.timezone }).toMillis();
  const simulation = simulate(plan.value, settings, new Date(startMs));
  if (args.flags.has("json")) {
    const stages = simulation.stages.map(({ name, percent, enter }) => ({ name, percent, enter }));
    io.stdout(`${JSON.stringify({ rollout: simulation.rollout, stages })}\n`);
  } else {
    io.stdout(renderTimeline(plan.value, settings, startMs, simulation.stages));
  }
  if (simulation.unreachable !== undefined) {
    io.stderr(`${file}: ${simulation.unreachable.message}\n`);
    return EXIT.problems;
  }
  return EXIT.ok;
}
