// Why a rollout may or may not move to its next stage, as data. Every blocker is computed even
// when an earlier one already says no, so `/promote` can list everything that is missing at once
// instead of revealing one obstacle per attempt.
import { bakeRemaining } from "../bake.js";
import { closedReason, nextOpen, type ClosedReason } from "../calendar.js";
import type { Blocker, Eligibility, GateJudgement, PendingItem } from "../decisions.js";
import { judgeGate, metricKey } from "../gates.js";
import { windowOf } from "../gates/metric-requests.js";
import type { Approval, CalendarSpec, ChecklistItem, RolloutState, Stage } from "../model.js";
import { principalsOf } from "../permissions.js";
import type { HandEdit } from "../state/hand-edit.js";
import { fromUtcIso, toUtcIso } from "../state/utc-time.js";
import { nowMs, stageIndex, underlyingStatus, type EngineContext } from "./context.js";
import { formatInstant, formatRemaining, itemList, plural, stageLabel } from "./wording.js";

/**
 * A stage lasts at least this long, bake or not, so that a stage entered by one step is never left
 * by the same step run again at the same instant (every step applied twice equals once).
 */
const MIN_STAGE_MS = 1000;

export function eligibility(ctx: EngineContext): Eligibility {
  const { plan, state, settings } = ctx;
  const now = nowMs(ctx);
  const cal = settings.calendar;
  const gates = plan.gates.map((g) => judgeGate(g, ctx.facts.metrics[metricKey(g.name, windowOf(g.for))], now));
  const blockers: Blocker[] = [];
  const pausedBlocker = state.status === "paused" ? [pauseBlocker(state)] : [];
  if (ctx.handEdit) blockers.push(handEditBlocker(ctx.handEdit));

  if (underlyingStatus(state) === "awaiting-signoff") {
    // Before the start only the sign-off and the calendar count: nothing is exposed yet, so
    // there is no bake to serve and no gate to pass.
    const first = plan.stages[0];
    blockers.push(...pausedBlocker);
    const missing = missingItems(ctx, plan.signoff, null);
    if (missing.length > 0) blockers.push({ kind: "items", items: missing, message: `${plural(missing.length, "sign-off item is", "sign-off items are")} not ticked: ${itemList(missing, settings)}` });
    blockers.push(...lapsedApprovals(ctx, missing));
    const opens = nextOpen(cal, now);
    blockers.push(...calendarBlocker(cal, now, opens));
    return result(first ? { name: first.name, percent: first.percent } : null, blockers, first ? opens : null, gates);
  }

  const index = stageIndex(plan, state.stage);
  const stage = plan.stages[index];
  if (stage === undefined) {
    const names = plan.stages.map((s) => s.name).join(", ");
    blockers.push({ kind: "status", message: `stage ${state.stage} is not in the plan any more (stages: ${names}); /rollback to one of them to continue` });
    return result(null, blockers, null, gates);
  }
  if (state.status === "complete") {
    blockers.push({ kind: "status", message: `the rollout is complete at ${stageLabel(stage)}` });
    return result(null, blockers, null, gates);
  }
  const next = plan.stages[index + 1];
  if (next === undefined) {
    blockers.push(...pausedBlocker, { kind: "last-stage", message: `${stageLabel(stage)} is the last stage: there is nothing to promote to` });
    return result(null, blockers, null, gates);
  }

  blockers.push(...pausedBlocker);
  const rolledBack = underlyingStatus(state) === "rolled-back";
  if (rolledBack) {
    blockers.push({ kind: "status", message: `the rollout was rolled back to ${stageLabel(stage)}; /resume restarts that stage (its bake starts again), then promotion continues` });
  }
  const missing = missingItems(ctx, stage.exit, stage.name);
  if (missing.length > 0) {
    blockers.push({ kind: "items", items: missing, message: `${plural(missing.length, "exit item", "exit items")} of stage ${stage.name} ${missing.length === 1 ? "is" : "are"} not ticked: ${itemList(missing, settings)}` });
  }
  blockers.push(...lapsedApprovals(ctx, missing));
  const gateBlockers: Blocker[] = gates.flatMap((judgement) => (judgement.blocks ? [{ kind: "gate" as const, judgement, message: judgement.message }] : []));
  // After a rollback the stage's bake is served again from a /resume nobody has given yet: no
  // timer runs, so there is no bake left to name and no earliest instant to promise.
  if (rolledBack) return result({ name: next.name, percent: next.percent }, [...blockers, ...gateBlockers], null, gates);
  const bake = bakeBlocker(cal, stage, state, now);
  if (bake.blocker !== null) blockers.push(bake.blocker);
  blockers.push(...gateBlockers);
  // Once timers allow, the calendar decides: the earliest open instant after the bake.
  const opens = Number.isFinite(bake.end) ? nextOpen(cal, Math.max(now, bake.end)) : null;
  blockers.push(...calendarBlocker(cal, now, opens));
  return result({ name: next.name, percent: next.percent }, blockers, opens, gates);
}

function result(next: Eligibility["next"], blockers: Blocker[], earliest: number | null, gates: GateJudgement[]): Eligibility {
  return { eligible: next !== null && blockers.length === 0, next, blockers, earliest: next !== null && earliest !== null ? toUtcIso(earliest) : null, gates };
}

function pauseBlocker(state: RolloutState): Blocker {
  const pause = [...state.history].reverse().find((h) => h.action === "pause");
  const since = pause ? ` by ${pause.by} since ${formatInstant(fromUtcIso(pause.at))}${pause.reason ? ` (${pause.reason})` : ""}` : "";
  return { kind: "status", message: `the rollout is paused${since}; /resume to continue` };
}

function missingItems(ctx: EngineContext, items: ChecklistItem[], stage: string | null): PendingItem[] {
  const counts = (item: ChecklistItem, approval: Approval) => approval.item === item.id && approval.stage === stage && approvalCounts(ctx, item.role, approval.by);
  return items.filter((item) => !ctx.state.approvals.some((a) => counts(item, a))).map((item) => ({ ...item, stage }));
}

/**
 * An approval counts only from someone who holds the item's role, however it got into the
 * file: listed users always (the settings on the default branch); a team's members where the
 * caller re-read the team just before a promotion (`teamMembers`, see role-recheck.ts). A team
 * that was not re-read (nothing to promote yet, or the token may not read it) leaves the
 * approval as recorded: it was checked when it was ticked, and the hand-edit check guards the
 * file since.
 */
function approvalCounts(ctx: Pick<EngineContext, "settings" | "teamMembers">, role: string, by: string): boolean {
  const principals = principalsOf(ctx.settings, role);
  if (principals === null) return false;
  const who = by.toLowerCase();
  if (principals.users.some((u) => u.toLowerCase() === who)) return true;
  return principals.teams.some((team) => {
    const known = rosterOf(ctx, team);
    return known === undefined || known.some((login) => login.toLowerCase() === who);
  });
}

function rosterOf(ctx: Pick<EngineContext, "teamMembers">, team: string): readonly string[] | undefined {
  return ctx.teamMembers?.[team] ?? ctx.teamMembers?.[team.toLowerCase()];
}

/**
 * The approvals recorded for items still missing: each one there is by someone who no longer
 * holds the role, said with who and which of the role's teams was re-read without them, so the
 * people watching know why a ticked box does not count and what to do about it.
 */
function lapsedApprovals(ctx: EngineContext, missing: PendingItem[]): Blocker[] {
  return missing.flatMap((item) =>
    ctx.state.approvals
      .filter((a) => a.item === item.id && a.stage === item.stage)
      .map((a): Blocker => {
        const teams = (principalsOf(ctx.settings, item.role)?.teams ?? []).filter((team) => rosterOf(ctx, team) !== undefined);
        const why =
          teams.length > 0
            ? `${a.by} is not an active member of ${orList(teams)} (role ${item.role}) any more`
            : `${a.by} does not hold the role ${item.role} in the settings on the default branch`;
        return { kind: "role-lapsed", item: item.id, stage: item.stage, role: item.role, by: a.by, teams, message: `${a.by}'s approval of ${item.title} no longer counts: ${why}; someone who holds the role unticks it and ticks it again` };
      }),
  );
}

function orList(names: string[]): string {
  return names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(", ")} or ${names.at(-1) as string}`;
}

function handEditBlocker(edit: HandEdit): Blocker {
  const who = edit.author === null ? "someone without a GitHub account" : edit.author;
  return {
    kind: "hand-edit",
    commit: edit.commit,
    author: edit.author,
    message: `the state file was last changed by ${who} in ${edit.commit.slice(0, 7)}, not by stagegate; a maintainer reviews it, then /resume accepts it (or reverts the commit); /rollback still works`,
  };
}

function bakeBlocker(cal: CalendarSpec, stage: Stage, state: RolloutState, now: number): { end: number; blocker: Blocker | null } {
  const entered = fromUtcIso(state.entered);
  const left = bakeRemaining(cal, stage, entered, now);
  const end = Math.max(left.until, entered + MIN_STAGE_MS);
  if (left.remainingMs > 0) {
    const amount = left.business ? `${formatRemaining(left.remainingMs)} of business hours` : formatRemaining(left.remainingMs);
    const until = Number.isFinite(left.until) ? `until ${formatInstant(left.until)}` : "never served: the calendar has no open time within two years; check .github/stagegate.yml";
    return { end, blocker: { kind: "bake", until: Number.isFinite(left.until) ? toUtcIso(left.until) : "never", remainingMs: left.remainingMs, business: left.business, message: `bake: ${amount} left (${until})` } };
  }
  if (now < end) {
    return { end, blocker: { kind: "bake", until: toUtcIso(end), remainingMs: end - now, business: false, message: `stage ${stage.name} was entered at this instant; it can be left from ${toUtcIso(end)}` } };
  }
  return { end, blocker: null };
}

function calendarBlocker(cal: CalendarSpec, now: number, opensAt: number | null): Blocker[] {
  const closed = closedReason(cal, now);
  if (closed === null) return [];
  const opens = opensAt === null ? "and no open time comes within two years: check the calendar in .github/stagegate.yml" : `opens ${formatInstant(opensAt)}`;
  return [{ kind: "calendar", reason: closed.reason, opensAt: opensAt === null ? null : toUtcIso(opensAt), message: `calendar: ${closedText(cal, closed)}, ${opens}` }];
}

function closedText(cal: CalendarSpec, closed: ClosedReason): string {
  if (closed.reason === "freeze") return `inside the freeze ${closed.freeze.text}`;
  const hours = (cal.businessHours ?? []).map((h) => h.text).join(", ");
  return `outside business hours (${hours} ${cal.timezone})`;
}
