// The projected timeline of a plan: when each stage would be entered if every sign-off and exit
// item were ticked at once and every gate passed, so only bake times, business hours and freezes
// set the pace. It uses the very functions the clock uses (bakeEnd, nextOpen), so the projection
// and the real rollout agree.
import { bakeEnd } from "./bake.js";
import { nextOpen, OPEN_HORIZON_MS } from "./calendar.js";
import type { Plan, Settings } from "./model.js";

export interface SimulatedStage {
  name: string;
  percent: number;
  /** When the stage is entered, ISO-8601 UTC. */
  enter: string;
}

export interface Simulation {
  rollout: string;
  /** The stages that can be entered, in order. */
  stages: SimulatedStage[];
  /**
   * Present only when the projection stops early: the first stage that can never be entered
   * (the calendar has no open time within the two-year horizon) and why, in words. The stages
   * before it are still listed. `--json` output leaves it out of the documented shape.
   */
  unreachable?: { stage: string; message: string };
}

const HORIZON_DAYS = Math.round(OPEN_HORIZON_MS / 86_400_000);

export function simulate(plan: Plan, settings: Settings, start: Date): Simulation {
  const cal = settings.calendar;
  const simulation: Simulation = { rollout: plan.name, stages: [] };
  const first = plan.stages[0];
  if (first === undefined) return simulation;
  if (Number.isNaN(start.getTime())) {
    simulation.unreachable = { stage: first.name, message: "The start time is not a valid date." };
    return simulation;
  }
  // The instant the previous stage's bake is served: the earliest the next stage may begin.
  let ready = start.getTime();
  let previous: string | null = null;
  for (const stage of plan.stages) {
    const enter = Number.isFinite(ready) ? nextOpen(cal, ready) : null;
    if (enter === null) {
      simulation.unreachable = { stage: stage.name, message: neverMessage(stage.name, previous, ready) };
      return simulation;
    }
    simulation.stages.push({ name: stage.name, percent: stage.percent, enter: new Date(enter).toISOString() });
    ready = bakeEnd(cal, stage, enter);
    previous = stage.name;
  }
  return simulation;
}

function neverMessage(stage: string, previous: string | null, ready: number): string {
  const shut = `the calendar has no open time within ${HORIZON_DAYS} days`;
  if (previous === null) return `Stage "${stage}" can never be entered: ${shut} of the start.`;
  if (!Number.isFinite(ready)) {
    return `Stage "${stage}" can never be entered: the business bake of "${previous}" is never served, because ${shut}.`;
  }
  return `Stage "${stage}" can never be entered: ${shut} after the bake of "${previous}" ends (${new Date(ready).toISOString()}).`;
}
