// Slash commands in comments on the tracking issue. A command counts only at the start of a
// line that a reader sees as ordinary text: quoting someone's `/rollback`, or showing one in a
// code block, must never run it. The GFM parser decides what is quoted, code or hidden HTML.
import { endOffset, parseMarkdown, startOffset, walk } from "./markdown/parse.js";
import { MAX_COMMANDS_PER_COMMENT } from "./github-limits.js";

export type Command =
  | { name: "promote"; force: boolean; reason: string }
  | { name: "rollback"; to: { stage: string } | { percent: number } | null; reason: string }
  | { name: "pause"; reason: string }
  | { name: "resume" }
  | { name: "status" }
  | { name: "help" }
  | { name: "unknown"; text: string };

/**
 * A known command written wrongly, e.g. without the reason it requires. It is returned rather
 * than dropped so the App can answer with `message` (what to write instead) and react 😕,
 * instead of guessing what was meant or staying silent.
 */
export interface InvalidCommand {
  name: "invalid";
  command: "promote" | "rollback" | "pause";
  message: string;
}

export type ParsedCommand = Command | InvalidCommand;

// Where commands are never read: code (fenced, indented, inline), quotes and raw HTML
// (an HTML comment hides its text from readers, so it must hide commands too).
const HIDDEN = new Set(["code", "inlineCode", "blockquote", "html"]);

function hiddenRanges(body: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  walk(parseMarkdown(body).tree, (node) => {
    if (!HIDDEN.has(node.type)) return true;
    ranges.push([startOffset(node), endOffset(node)]);
    return false;
  });
  // A depth-first walk yields ranges in document order and skips what lies inside a hidden node,
  // so they are sorted and disjoint.
  return ranges;
}

// `/word` then a space or the end of the line; `/usr/bin` or `/promote.` are not commands.
const COMMAND_LINE = /^[ \t]*\/([A-Za-z][A-Za-z0-9_-]*)(?=[ \t]|$)[ \t]*(.*)$/;

/** Every command in a comment, in order. Never throws, whatever the text. */
export function parseCommands(commentBody: string): ParsedCommand[] {
  const ranges = hiddenRanges(commentBody);
  const commands: ParsedCommand[] = [];
  let next = 0;
  let lineStart = 0;
  for (const line of commentBody.split(/\r\n|\r|\n/)) {
    const match = COMMAND_LINE.exec(line);
    if (match) {
      const at = lineStart + line.indexOf("/");
      while (next < ranges.length && (ranges[next] as [number, number])[1] <= at) next++;
      const range = ranges[next];
      const hidden = range !== undefined && range[0] <= at;
      if (!hidden) commands.push(readCommand((match[1] as string).toLowerCase(), (match[2] as string).trim(), line.trim()));
    }
    lineStart += line.length + lineBreakLength(commentBody, lineStart + line.length);
  }
  return commands;
}

function lineBreakLength(text: string, at: number): number {
  return text.startsWith("\r\n", at) ? 2 : 1;
}

const FORCE = /^--force(?:[ \t]+(.*))?$/i;
const ROLLBACK_TO = /^to(?:[ \t]+(\S+)(?:[ \t]+(.*))?)?$/i;
const PERCENT = /^(\d+(?:\.\d+)?)%?$/;

function readCommand(name: string, rest: string, line: string): ParsedCommand {
  switch (name) {
    case "promote":
      return readPromote(rest);
    case "rollback":
      return readRollback(rest);
    case "pause":
      return rest === "" ? invalid("pause", "`/pause` needs a reason, so everyone knows why the rollout stopped: `/pause <reason>`.") : { name, reason: rest };
    case "resume":
    case "status":
    case "help":
      return { name };
    default:
      return { name: "unknown", text: line };
  }
}

function readPromote(rest: string): ParsedCommand {
  const force = FORCE.exec(rest);
  if (force === null) return { name: "promote", force: false, reason: rest };
  const reason = (force[1] ?? "").trim();
  if (reason === "") {
    return invalid("promote", "`/promote --force` needs a reason, which is recorded in the history: `/promote --force <reason>`.");
  }
  return { name: "promote", force: true, reason };
}

function readRollback(rest: string): ParsedCommand {
  // Without `to …` the plan's own rollback target applies. `to X` always names a target, even
  // when X is misspelt: rolling back somewhere unintended is worse than being asked again.
  const to = ROLLBACK_TO.exec(rest);
  let target: { stage: string } | { percent: number } | null = null;
  let reason = rest;
  if (to !== null) {
    if (to[1] === undefined) {
      return invalid("rollback", "Say where to roll back to: `/rollback to <stage|percent> <reason>`, or leave out `to` for the plan's rollback target.");
    }
    const where = to[1].replace(/[:,;]+$/, "");
    const percent = PERCENT.exec(where);
    if (percent !== null && Number(percent[1]) > 100) {
      return invalid("rollback", `A rollback percent is between 0 and 100, not ${where}.`);
    }
    target = percent !== null ? { percent: Number(percent[1]) } : { stage: where };
    reason = (to[2] ?? "").trim();
  }
  if (reason === "") {
    return invalid("rollback", "`/rollback` needs a reason, which is recorded in the history: `/rollback [to <stage|percent>] <reason>`.");
  }
  return { name: "rollback", to: target, reason };
}

function invalid(command: InvalidCommand["command"], message: string): InvalidCommand {
  return { name: "invalid", command, message };
}

/** The answer to `/help` and to unknown commands. */
export function helpText(): string {
  return [
    "### stagegate commands",
    "",
    "Write a command at the start of a line in a new comment on this issue. Commands inside quotes or code blocks are ignored.",
    "",
    "| Command | What it does | Who may use it |",
    "| --- | --- | --- |",
    "| `/promote` | Promotes to the next stage now if the bake time, checklists, health gates and calendar allow it; otherwise replies with exactly what is missing. | Anyone with write access or a role in the plan |",
    "| `/promote --force <reason>` | Promotes even when health gates fail. The reason is recorded in the history. | Promoters named in the settings and repository admins |",
    "| `/rollback [to <stage\\|percent>] <reason>` | Rolls back at once, in one commit, to the plan's rollback target or to the stage or percent given (`to beta`, `to 25%`, `to 25`). Never blocked by gates or the calendar. | Anyone with write access or a role in the plan |",
    "| `/pause <reason>` | Stops automatic promotion until `/resume`. | Anyone with write access or a role in the plan |",
    "| `/resume` | Lets a paused rollout continue. | Anyone with write access or a role in the plan |",
    "| `/status` | Replies with the stage, the time left in the bake and what blocks the next promotion. | Anyone |",
    "| `/help` | Shows this list. | Anyone |",
    "",
    "Examples:",
    "",
    "```text",
    "/promote",
    "/promote --force metrics provider is down; error rate checked by hand",
    "/rollback to 10% save errors rising after the deploy",
    "/rollback to beta p95 save latency regression",
    "/pause support tickets spiking, investigating",
    "/resume",
    "```",
  ].join("\n");
}

/**
 * The commands of one comment that are acted on: the first `MAX_COMMANDS_PER_COMMENT`, so one
 * comment never causes more state commits than that; the rest are refused in one line.
 */
export function commandsToAct(commands: ParsedCommand[]): { acted: ParsedCommand[]; refused: number; refusal: string | null } {
  const acted = commands.slice(0, MAX_COMMANDS_PER_COMMENT);
  const refused = commands.length - acted.length;
  return { acted, refused, refusal: refused === 0 ? null : `${refused} more command${refused === 1 ? " was" : "s were"} not acted on: stagegate acts on at most ${MAX_COMMANDS_PER_COMMENT} commands per comment.` };
}
