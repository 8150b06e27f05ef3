// Slash commands in new comments on a tracking issue. Receipt is acknowledged with 👀; the
// outcome with 🚀 (done) or 😕 (refused) and a reply. The App's 🚀/😕 on a comment is the record
// that it was answered: a redelivered webhook, even after a restart, finds it and does nothing.
// A delivery that failed between the answer and the reaction is recognized by the answer's
// hidden marker (answer-marker.ts).
import { commandsToAct, helpText, parseCommands, type ParsedCommand } from "../../core/commands.js";
import { commandStep, outcomeMarkdown, statusReport, unreadTeamsNote, type ChangeCommand } from "../../core/engine/index.js";
import { announcedKeysIn } from "../../core/announcements.js";
import { earlierAnnouncement } from "../../core/engine/announcement-body.js";
import type { StepResult } from "../../core/effects.js";
import type { HistoryAction, RolloutState } from "../../core/model.js";
import { authorizeCommand, refusalText, requirementOf } from "../../core/permissions.js";
import { escapeMarkdownInline } from "../../core/markdown/escape.js";
import { defaultSettings } from "../../core/parse-settings.js";
import { formatProblem, ok, type Problem, type Result } from "../../core/result.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import type { Reaction } from "../../port/github-port.js";
import { applyStep } from "../../runtime/apply-step.js";
import { renderStepIssue } from "../../runtime/render-tracking-issue.js";
import { brokenPlanNote, loadRollbackInputs, type RollbackInputs } from "../../runtime/rollback-fallback.js";
import { applyWrite } from "../../runtime/writes.js";
import { loadFromDefaultBranch, loadStepInputs } from "../../runtime/rollout-inputs.js";
import type { HandlerDeps } from "../deps.js";
import { earlierAnswer, withAnswerMarker, type FinalReaction } from "./answer-marker.js";
import { commandActor } from "./actor-facts.js";

interface CommentEvent {
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
    if (earlier !== null) return applyWrite(deps.port, { kind: "reaction", commentId: event.comment.id, content: earlier });
    // It may have got as far as its commit: then the answer is what it committed, announced now
    // unless a later run already announced it (the announcement carries its entry's key).
    const only = commands.length === 1 ? commands[0] : undefined;
    const actions = only === undefined ? undefined : EARLIER[only.name];
    const announced = actions !== undefined && event.comment.createdAt !== undefined ? await committedEarlier(deps, rollout, actions, event.author, event.comment.createdAt) : null;
    if (announced !== null) {
      if (!(await announcedAlready(deps, rollout, event.issue.number, announced.key))) {
        await applyWrite(deps.port, { kind: "comment", issue: event.issue.number, body: withAnswerMarker(announced.body, event.comment.id, "rocket") });
      }
      return applyWrite(deps.port, { kind: "reaction", commentId: event.comment.id, content: "rocket" });
    }
  } else {
    await applyWrite(deps.port, { kind: "reaction", commentId: event.comment.id, content: "eyes" });
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
  if (replies.length > 0) await applyWrite(deps.port, { kind: "comment", issue: event.issue.number, body: withAnswerMarker(replies.join("\n\n---\n\n"), event.comment.id, outcome) });
  await applyWrite(deps.port, { kind: "reaction", commentId: event.comment.id, content: outcome });
  // The issue is a projection of the state file: a crash after some earlier commit may have left
  // it stale, and any command (even one that changed nothing) is an event it must heal on.
  if (!answers.some((a) => a.rendered === true)) await rerenderStarted(deps, rollout, event.issue.number);
}

/** The history entries each command commits, for a redelivery to recognize its own. */
const EARLIER: Partial<Record<string, readonly HistoryAction[]>> = { promote: ["promote", "force-promote"], rollback: ["rollback"], pause: ["pause"], resume: ["resume"] };

async function committedEarlier(deps: HandlerDeps, rollout: string, actions: readonly HistoryAction[], by: string, since: string): Promise<{ key: string; body: string } | null> {
  const inputs = await loadStepInputs(deps.sources, rollout, { facts: false });
  const announced = inputs.ok ? earlierAnnouncement(inputs.value, actions, by, since) : null;
  return announced?.key === undefined ? null : { key: announced.key, body: announced.body };
}

async function announcedAlready(deps: HandlerDeps, rollout: string, issue: number, key: string): Promise<boolean> {
  const comments = await deps.port.listComments(issue);
  return comments.some((c) => c.user.toLowerCase().endsWith("[bot]") && announcedKeysIn(rollout, c.body).includes(key));
}

/** Re-renders a started rollout's tracking issue, the one commented on (written only if what it says changed). */
async function rerenderStarted(deps: HandlerDeps, rollout: string, issue: number): Promise<void> {
  const inputs = await loadStepInputs(deps.sources, rollout);
  if (inputs.ok) await renderStepIssue(deps.port, inputs.value, inputs.value.state, { number: issue });
}

function problemsReply(headline: string, problems: Problem[]): string {
  return [headline, "", ...problems.map((p) => `- \`${formatProblem(p).replace(/`/g, "'")}\``)].join("\n");
}

const COMMAND_NAME: Record<ChangeCommand["name"], string> = { promote: "`/promote`", rollback: "`/rollback`", pause: "`/pause`", resume: "`/resume`" };

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
      return { done: true, reply: statusReport(inputs.value) };
    }
    default:
      return changeCommand(deps, rollout, command, by, announce, issue);
  }
}

/** `issue`: the tracking issue commented on, rendered and commented on without a search. */
async function changeCommand(deps: HandlerDeps, rollout: string, command: ChangeCommand, by: string, announce: Announce, issue: number): Promise<Answer> {
  const what = command.name === "promote" && command.force ? "`/promote --force`" : COMMAND_NAME[command.name];
  const loaded = await loadFromDefaultBranch(deps.sources, rollout);
  // Without readable settings only repository permission can authorize (roles are unknown).
  const settings = loaded.settings.ok ? loaded.settings.value : defaultSettings();
  const requirement = requirementOf(command);
  const authorization = authorizeCommand(settings, requirement, await commandActor(deps.port, settings, requirement, by));
  if (authorization.kind !== "allowed") return { done: false, reply: refusalText(authorization, what) };

  // A rollback must work even with a broken plan (rollback-fallback.ts); the others need it whole.
  const load = async (): Promise<Result<RollbackInputs>> => {
    if (command.name === "rollback") return loadRollbackInputs(deps.sources, rollout);
    const inputs = await loadStepInputs(deps.sources, rollout);
    return inputs.ok ? ok({ ...inputs.value, brokenPlan: null }) : inputs;
  };
  const result = await applyStep({
    port: deps.port,
    load,
    decide: (inputs) => withAnnouncement(commandStep({ ...inputs, fallbackPlan: inputs.brokenPlan !== null }, command, by), announce),
    renderIssue: (inputs, state, announced) => renderStepIssue(deps.port, inputs, state, { number: issue }, undefined, announced),
    trackingIssue: () => Promise.resolve(issue),
    // `/resume` is how a hand edit is accepted; `/rollback` is always allowed.
    handEdits: command.name === "resume" || command.name === "rollback" ? "let-through" : "hold",
    sleep: deps.sleep,
  });
  if (!result.ok) {
    return { done: false, reply: result.reason === "unreadable" ? problemsReply(`Nothing was changed: ${what} needs readable rollout files.`, result.problems) : result.message };
  }
  const { outcome, effects } = result.step;
  const announced = effects.some((e) => e.type === "comment");
  const note = result.inputs.brokenPlan === null ? null : brokenPlanNote(result.inputs.brokenPlan);
  // The stage this command first saw: when a concurrent change (another /promote, the clock)
  // moved the rollout before this one committed, the refusal says so instead of only listing
  // what the stage after that still needs.
  const overtaken = outcome.done ? null : overtakenNote(result.firstInputs.state, result.step.state);
  // The engine's message is plain text that may quote people (pause reasons, titles): escape it
  // so a reply never mentions anyone or renders their markup.
  // A promotion decided without re-reading a team the token may not read says so, even when it
  // promoted (the announcement is then the answer, and this line follows it).
  const unread = command.name === "promote" ? unreadTeamsNote(result.inputs.unreadTeams ?? []) : null;
  const reply = [note, overtaken, announced ? null : outcomeMarkdown(outcome.message), unread === null ? null : outcomeMarkdown(unread)].filter((part): part is string => part !== null).join("\n\n");
  return { done: outcome.done, reply: reply === "" ? null : reply, rendered: result.issue !== null };
}

/** A lone command's announcement carries the answer marker (see handleCommandComment). */
function withAnnouncement(step: StepResult, announce: Announce): StepResult {
  if (announce === null) return step;
  return { ...step, effects: step.effects.map((e) => (e.type === "comment" ? { ...e, body: announce(e.body) } : e)) };
}

/** "Meanwhile @x moved the rollout …" when the state changed stage while this command waited. */
function overtakenNote(firstSeen: RolloutState, state: RolloutState): string | null {
  if (firstSeen.stage === state.stage) return null;
  const moved = state.history.slice(firstSeen.history.length).findLast((h) => h.to === state.stage);
  const who = moved === undefined ? "" : ` (${moved.action} by ${escapeMarkdownInline(moved.by)})`;
  return `Meanwhile the rollout moved from ${escapeMarkdownInline(firstSeen.stage)} to ${escapeMarkdownInline(state.stage)} (${state.percent}%)${who}, so this command was decided again on the new stage.`;
}
