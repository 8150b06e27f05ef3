// The seed plan's rollout at every point a user can meet it, for the cross-checks.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FlagState } from "../../../core/flags/evaluate.js";
import { parsePlan } from "../../../core/parse-plan.js";

const PLAN = "examples/playlist-editor/.github/rollouts/playlist-editor.yml";

export function seedStages(): FlagState["stages"] {
  const plan = parsePlan(readFileSync(resolve(import.meta.dirname, "../../..", PLAN), "utf8"), PLAN, null);
  if (!plan.ok) throw new Error("the seed plan does not parse");
  return plan.value.stages.map((s) => ({ name: s.name, audience: s.audience }));
}

export function seedStates(): FlagState[] {
  const stages = seedStages();
  const base = { rollout: "playlist-editor", resumeTo: null, stages };
  const first = stages[0]!.name;
  return [
    { ...base, stage: first, percent: 0, status: "awaiting-signoff" },
    ...[0, 1, 10, 25, 50, 100].map((percent, i) => ({ ...base, stage: stages[i]!.name, percent, status: "progressing" as const })),
    { ...base, stage: "quarter", percent: 25, status: "paused", resumeTo: "progressing" },
    { ...base, stage: first, percent: 0, status: "paused", resumeTo: "awaiting-signoff" },
    { ...base, stage: first, percent: 0, status: "rolled-back" },
    { ...base, stage: "beta", percent: 0.5, status: "rolled-back" },
    { ...base, stage: "ten", percent: 99.9, status: "progressing" },
    { ...base, stage: "full", percent: 100, status: "complete" },
  ];
}

/** Contexts as a service sends them: mostly keys, some audiences (exact, listed, near misses), a few without a key. */
export function contextFor(i: number): Record<string, unknown> {
  const context: Record<string, unknown> = i % 997 === 0 ? {} : { targetingKey: `user-${i}` };
  if (i % 50 === 0) context.audience = "internal";
  else if (i % 37 === 0) context.audience = ["beta", "staff"];
  else if (i % 41 === 0) context.audience = "internal-qa";
  else if (i % 43 === 0) context.audience = ["internal-qa"];
  else if (i % 47 === 0) context.audience = 7;
  return context;
}
