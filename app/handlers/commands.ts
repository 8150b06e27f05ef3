// Slash commands in new comments on a tracking issue. Receipt is acknowledged with 👀; the
// outcome with 🚀 (done) or 😕 (refused) and a reply. The App's 🚀/😕 on a comment is the record
// that it was answered: a redelivered webhook, even after a restart, finds it and does nothing.
// A delivery that failed between the answer and the reaction is recognized by the answer's
// hidden marker (answer-marker.ts).
import { commandsToAct, helpText, parseCommands, type ParsedCommand } from "../../core/commands.js";
import { describe } from "../../core/engine/describe.js";
import { outcomeMarkdown } from "../../core/engine/comments.js";
import { pause, resume } from "../../core/engine/pause.js";
import { earlierPromotion, promote } from "../../core/engine/promote.js";
import { rollback } from "../../core/engine/rollback.js";
import type { StepResult } from "../../core/effects.js";
import type { RolloutState } from "../../core/model.js";
import { escapeMarkdownInline } from "../../core/markdown/escape.js";
import { defaultSettings } from "../../core/parse-settings.js";
import { formatProblem, type Problem } from "../../core/result.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import type { Reaction } from "../../port/github-port.js";
import { applyStep, type StepInputs } from "../../runtime/apply-step.js";
import { renderRolloutIssue } from "../../runtime/render-tracking-issue.js";
import { brokenPlanNote, loadRollbackInputs } from "../../runtime/rollback-fallback.js";
import { loadFromDefaultBranch, loadStepInputs } from "../../runtime/rollout-inputs.js";
import type { HandlerDeps } from "../deps.js";
import { earlierAnswer, withAnswerMarker, type FinalReaction } from "./answer-marker.js";
import { authorize, requirementOf } from "./authorize.js";

export interface CommentEvent {
  issue: { number: number; body: string };
  comment: { id: number; body: string; createdAt?: string };
  author: string;
}

interface Answer {
  done: boolean;
  /** null when the step's own comments already said it. */
  reply: string | null;
  /** The step re-rendered the tracking issue from the state it committed. */
  rendered?: boolean;
  /** The reply ends with the help text (written once, however many commands asked for it). */
  help?: boolean;
}

const FINAL: ReadonlySet<Reaction> = new Set(["rocket", "confused"]);

export async function handleCommandComment(deps: HandlerDeps, event: CommentEvent): Promise<void> {
  const rollout = parseTrackingIssue(event.issue.body).rollout;
  if (rollout === null) return;
  const commands = parseCommands(event.comment.body);
  if (commands.length === 0) return;

  const ours = (await deps.port.listReactions(event.comment.id)).filter((r) => r.user.toLowerCase() === deps.identity.botLogin.toLowerCase());
  if (ours.some((r) => FINAL.has(r.content))) return;
  if (ours.some((r) => r.content === "eyes")) {
    // An earlier attempt failed part-way: if it got as far as answering, only its reaction is missing.
    const earlier = await earlierAnswer(deps.port, event.issue.number, event.comment.id, deps.identity.botLogin);
    if (earlier !== null) return deps.port.addReaction(event.comment.id, earlier);
    // It may have got as far as its commit: then the answer is that promotion, announced now.
    const announced = commands.length === 1 && commands[0]?.name === "promote" && event.comment.createdAt !== undefined ? await promotedEarlier(deps, rollout, event.author, event.comment.createdAt) : null;
    if (announced !== null) {
      await deps.port.createComment(event.issue.number, withAnswerMarker(announced, event.comment.id, "rocket"));
      return deps.port.addReaction(event.comment.id, "rocket");
    }
  } else {
    await deps.port.addReaction(event.comment.id, "eyes");
  }

  // A lone command's announcement (a promotion's comment) is its answer: it carries the marker.
  // Several commands in one comment are answered by the reply alone, which comes last.
  const { acted, refusal } = commandsToAct(commands);
  const announce = commands.length === 1 ? (body: string) => withAnswerMarker(body, event.comment.id, "rocket") : null;
  const answers: Answer[] = [];
  for (const command of acted) answers.push(await answer(deps, rollout, command, event.author, announce, event.issue.number));

  const outcome: FinalReaction = refusal === null && answers.every((a) => a.done) ? "rocket" : "confused";
  const replies = answers.flatMap((a) => (a.reply === null ? [] : [a.reply]));
  if (refusal !== null) replies.push(refusal);
  if (answers.some((a) => a.help === true)) replies.push(helpText());
  if (replies.length > 0) await deps.port.createComment(event.issue.number, withAnswerMarker(replies.join("\n\n---\n\n"), event.comment.id, outcome));
  await deps.port.addReaction(event.comment.id, outcome);
  // The issue is a projection of the state file: a crash after some earlier commit may have left
  // it stale, and any command (even one that changed nothing) is an event it must heal on.
  if (!answers.some((a) => a.rendered === true)) await rerenderStarted(deps, rollout, event.issue.number);
}

async function promotedEarlier(deps: HandlerDeps, rollout: string, by: string, since: string): Promise<string | null> {
  const inputs = await loadStepInputs(deps.sources, rollout, { facts: false });
  return inputs.ok ? earlierPromotion(inputs.value, by, since) : null;
}

/** Re-renders a started rollout's tracking issue, the one commented on (written only if what it says changed). */
async function rerenderStarted(deps: HandlerDeps, rollout: string, issue: number): Promise<void> {
  const inputs = await loadStepInputs(deps.sources, rollout);
  if (!inputs.ok) return;
  const { settings, plan, state, facts, now, handEdit } = inputs.value;
  await renderRolloutIssue(deps.port, { settings, plan, state, signoffs: [], facts, now, handEdit: handEdit ?? null }, new Set(), { number: issue });
}

function problemsReply(headline: string, problems: Problem[]): string {
  return [headline, "", ...problems.map((p) => `- \`${formatProblem(p).replace(/`/g, "'")}\``)].join("\n");
}

const COMMAND_NAME: Record<string, string> = { promote: "`/promote`", rollback: "`/rollback`", pause: "`/pause`", resume: "`/resume`" };

type Announce = ((body: string) => string) | null;

async function answer(deps: HandlerDeps, rollout: string, command: ParsedCommand, by: string, announce: Announce, issue: number): Promise<Answer> {
  switch (command.name) {
    case "help":
      return { done: true, reply: null, help: true };
    case "unknown":
      return { done: false, reply: `\`${escapeMarkdownInline(command.text).replace(/`/g, "'")}\` is not a stagegate command.`, help: true };
    case "invalid":
      return { done: false, reply: command.message };
    case "status": {
      const inputs = await loadStepInputs(deps.sources, rollout);
      if (!inputs.ok) return { done: true, reply: problemsReply(`${rollout} has no status to show yet:`, inputs.problems) };
      return { done: true, reply: describe(inputs.value) };
    }
    default:
      return changeCommand(deps, rollout, command, by, announce, issue);
  }
}

/** `issue`: the tracking issue commented on, rendered and commented on without a search. */
async function changeCommand(deps: HandlerDeps, rollout: string, command: Extract<ParsedCommand, { name: "promote" | "rollback" | "pause" | "resume" }>, by: string, announce: Announce, issue: number): Promise<Answer> {
  const what = command.name === "promote" && command.force ? "`/promote --force`" : (COMMAND_NAME[command.name] ?? command.name);
  const loaded = await loadFromDefaultBranch(deps.sources, rollout);
  // Without readable settings only repository permission can authorize (roles are unknown).
  const settings = loaded.settings.ok ? loaded.settings.value : defaultSettings();
  const allowed = await authorize(deps.port, settings, by, requirementOf(command), what);
  if (!allowed.ok) return { done: false, reply: allowed.message };

  let note: string | null = null;
  const decideCommand = (inputs: StepInputs): StepResult => {
    switch (command.name) {
      case "promote":
        return promote(inputs, { by, force: command.force ? { reason: command.reason } : null });
      case "rollback":
        // A fallback plan (broken plan) has only 0% to go to, whatever was asked.
        return rollback(inputs, { by, to: note === null ? command.to : null, reason: command.reason });
      case "pause":
        return pause(inputs, { by, reason: command.reason });
      case "resume":
        return resume(inputs, { by });
    }
  };
  // The stage this command first saw: when a concurrent change (another /promote, the clock)
  // moves the rollout before this one commits, the refusal says so instead of only listing what
  // the stage after that still needs.
  let firstSeen: { stage: string; entries: number } | null = null;
  const decide = (inputs: StepInputs): StepResult => {
    firstSeen ??= { stage: inputs.state.stage, entries: inputs.state.history.length };
    const step = decideCommand(inputs);
    if (announce === null) return step;
    return { ...step, effects: step.effects.map((e) => (e.type === "comment" ? { ...e, body: announce(e.body) } : e)) };
  };
  const load = async () => {
    if (command.name !== "rollback") return loadStepInputs(deps.sources, rollout);
    const inputs = await loadRollbackInputs(deps.sources, rollout);
    if (inputs.ok && inputs.value.brokenPlan !== null) note = brokenPlanNote(inputs.value.brokenPlan);
    return inputs;
  };

  const result = await applyStep({
    port: deps.port,
    load,
    decide,
    renderIssue: async (inputs, state) =>
      (await renderRolloutIssue(deps.port, { settings: inputs.settings, plan: inputs.plan, state, signoffs: [], facts: inputs.facts, now: inputs.now, handEdit: inputs.handEdit ?? null }, new Set(), { number: issue })).issue,
    trackingIssue: () => Promise.resolve(issue),
    // `/resume` is how a hand edit is accepted; `/rollback` is always allowed.
    handEdits: command.name === "resume" || command.name === "rollback" ? "let-through" : "hold",
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  if (!result.ok) {
    return { done: false, reply: result.reason === "unreadable" ? problemsReply(`Nothing was changed: ${what} needs readable rollout files.`, result.problems) : result.message };
  }
  const { outcome, effects } = result.step;
  const announced = effects.some((e) => e.type === "comment");
  // The engine's message is plain text that may quote people (pause reasons, titles): escape it
  // so a reply never mentions anyone or renders their markup.
  const overtaken = outcome.done ? null : overtakenNote(firstSeen, result.step.state);
  const reply = [note, overtaken, announced ? null : outcomeMarkdown(outcome.message)].filter((part): part is string => part !== null).join("\n\n");
  return { done: outcome.done, reply: reply === "" ? null : reply, rendered: result.issue !== null };
}

/** "Meanwhile @x moved the rollout …" when the state changed stage while this command waited. */
function overtakenNote(firstSeen: { stage: string; entries: number } | null, state: RolloutState): string | null {
  if (firstSeen === null || firstSeen.stage === state.stage) return null;
  const moved = state.history.slice(firstSeen.entries).findLast((h) => h.to === state.stage);
  const who = moved === undefined ? "" : ` (${moved.action} by ${escapeMarkdownInline(moved.by)})`;
  return `Meanwhile the rollout moved from ${escapeMarkdownInline(firstSeen.stage)} to ${escapeMarkdownInline(state.stage)} (${state.percent}%)${who}, so this command was decided again on the new stage.`;
}
