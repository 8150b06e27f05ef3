// Which engine step a comment command is. The App loads the rollout, authorizes the author
// (core/permissions.ts) and hands the step this returns to the applier.
import type { Command } from "../commands.js";
import type { StepResult } from "../effects.js";
import type { EngineContext } from "./context.js";
import { pause, resume } from "./pause.js";
import { promote } from "./promote.js";
import { rollback } from "./rollback.js";

export type ChangeCommand = Extract<Command, { name: "promote" | "rollback" | "pause" | "resume" }>;

export interface CommandContext extends EngineContext {
  /** Set when the plan does not parse and a stand-in plan with only 0% to go to is used. */
  fallbackPlan: boolean;
}

export function commandStep(ctx: CommandContext, command: ChangeCommand, by: string): StepResult {
  switch (command.name) {
    case "promote":
      return promote(ctx, { by, force: command.force ? { reason: command.reason } : null });
    case "rollback":
      // A stand-in plan has only 0% to go to, whatever was asked.
      return rollback(ctx, { by, to: ctx.fallbackPlan ? null : command.to, reason: command.reason });
    case "pause":
      return pause(ctx, { by, reason: command.reason });
    case "resume":
      return resume(ctx, { by });
  }
}
