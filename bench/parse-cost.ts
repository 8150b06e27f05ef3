// CPU per file of reading the seed-shaped settings, plan and state: the position-keeping way
// alone (what every file cost before the fast way in) and as files are read now (the fast way,
// falling back only when there is a problem), alternating so both meet the same load.
import { parsePlan } from "../core/parse-plan.js";
import { parseSettings } from "../core/parse-settings.js";
import { parseState } from "../core/state/parse-state.js";
import { serializeState } from "../core/state/serialize-state.js";
import { planYaml, servingTen, SETTINGS } from "./rollout-repo.js";
import { median, round } from "./stats.js";

export interface ParseCost {
  /** Median CPU per file, ms: the position-keeping way alone. */
  positionKeepingMs: number;
  /** Median CPU per file, ms: the fast way, as valid files are read now. */
  fastMs: number;
  ratio: number;
}

export function measureParseCost(rounds: number, filesPerRound = 300): ParseCost {
  const settings = parseSettings(SETTINGS, ".github/stagegate.yml");
  if (!settings.ok) throw new Error("the bench's settings do not parse");
  const state = serializeState(servingTen("feature-001"), null);
  const plan = planYaml("feature-001");
  const read = (fast: boolean) => {
    const started = process.cpuUsage();
    for (let i = 0; i < filesPerRound / 3; i++) {
      const p = parsePlan(plan, ".github/rollouts/feature-001.yml", settings.value, { fast });
      const s = parseState(state, ".github/rollouts/state/feature-001.yml", { fast });
      const c = parseSettings(SETTINGS, ".github/stagegate.yml", { fast });
      if (!p.ok || !s.ok || !c.ok) throw new Error("the bench's files do not parse");
    }
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000 / filesPerRound;
  };
  read(true);
  read(false);
  const slow: number[] = [];
  const fast: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      slow.push(read(false));
      fast.push(read(true));
    } else {
      fast.push(read(true));
      slow.push(read(false));
    }
  }
  return { positionKeepingMs: round(median(slow), 3), fastMs: round(median(fast), 3), ratio: round(median(slow) / median(fast), 1) };
}
