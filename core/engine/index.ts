// The rollout engine: pure steps from a context (settings, plan, state, facts, now) to the next
// state, the effects to apply, and an outcome in words. The App and the Action import from here.
export type { EngineContext, UnreadTeam } from "./context.js";
export { eligibility } from "./eligibility.js";
export { initialState, start } from "./start.js";
export { approve, recordTick, recordTicks, withdraw, type ApprovalInput, type Tick } from "./approvals.js";
export { promote, type PromoteInput } from "./promote.js";
export { rollback, rollbackTarget, type RollbackInput, type RollbackTarget } from "./rollback.js";
export { pause, resume } from "./pause.js";
export { evaluate } from "./evaluate.js";
export { statusReport } from "./status-report.js";
export { commandStep, type ChangeCommand } from "./command.js";
export { stateAtMerge, startAtMerge } from "./merge-start.js";
export { strongestAction } from "./strongest.js";
export { outcomeLine, outcomeMarkdown } from "./comments.js";
export { teamsToRecheck, unreadTeamsNote } from "./role-recheck.js";
