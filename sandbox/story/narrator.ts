// Prints the story: one line per event, with the simulated local time, who did what, and under
// it what stagegate answered. Scheduled runs that only wait, for the same reason as the run
// before, are counted rather than printed, so six weeks of a rollout stay readable.
import { DateTime } from "luxon";

export interface Line {
  /** Epoch ms on the simulated clock. */
  at: number;
  actor: string;
  text: string;
  answers: string[];
}

export interface NarratorOptions {
  /** IANA zone the times are shown in (the calendar's). */
  timezone: string;
  /** Where printed lines go; nothing is printed when null (the lines are still kept). */
  write: ((text: string) => void) | null;
  /** Longest printed line (default 120); longer lines are wrapped. */
  width?: number;
}

const TIME_WIDTH = "Wed 2026-12-02 14:00 EST".length;
const ACTOR_WIDTH = 18;

export class Narrator {
  /** Every line told, in order, printed or not. */
  readonly lines: Line[] = [];
  /** The text as printed (also when nothing is written anywhere). */
  private readonly printed: string[] = [];
  private quietRuns = 0;
  private lastWait: string | null = null;

  constructor(private readonly options: NarratorOptions) {}

  time(at: number): string {
    return DateTime.fromMillis(at, { zone: this.options.timezone }).toFormat("ccc yyyy-LL-dd HH:mm ZZZZ");
  }

  /** Prints a heading (the story's title, a chapter). */
  heading(text: string): void {
    this.flushQuiet();
    this.print("");
    this.print(text);
  }

  note(text: string): void {
    this.flushQuiet();
    this.print(text);
  }

  event(at: number, actor: string, text: string, answers: string[] = []): void {
    this.flushQuiet();
    this.lastWait = null;
    this.record({ at, actor, text, answers });
  }

  /**
   * A run that changed nothing. `kind` is what it waited for, with the numbers left out: a run
   * waiting for the same kind of thing as the last one is counted, not printed.
   */
  wait(at: number, actor: string, text: string, kind: string): void {
    if (kind === this.lastWait) {
      this.quietRuns += 1;
      this.lines.push({ at, actor, text, answers: [] });
      return;
    }
    this.flushQuiet();
    this.lastWait = kind;
    this.record({ at, actor, text, answers: [] });
  }

  /** Prints what is still counted; call at the end of a story. */
  finish(): void {
    this.flushQuiet();
  }

  /** The story as printed, as plain text (for the output folder). */
  transcript(): string {
    return this.printed.map((line) => `${line}\n`).join("");
  }

  private record(line: Line): void {
    this.lines.push(line);
    for (const text of this.format(line)) this.print(text);
  }

  private format(line: Line): string[] {
    const head = `${this.time(line.at).padEnd(TIME_WIDTH)}  ${line.actor.padEnd(ACTOR_WIDTH)} `;
    const indent = " ".repeat(TIME_WIDTH + 2);
    return [
      ...this.wrap(head, " ".repeat(head.length), line.text),
      ...line.answers.flatMap((a) => {
        // Continued list items under a comment keep their own indentation.
        const [, lead = "", rest = a] = /^(\s*(?:· )?)(.*)$/.exec(a) ?? [];
        return this.wrap(`${indent}↳ ${lead}`, `${indent}  ${" ".repeat(lead.length)}`, rest);
      }),
    ];
  }

  private flushQuiet(): void {
    if (this.quietRuns === 0) return;
    const n = this.quietRuns;
    this.quietRuns = 0;
    this.print(`${" ".repeat(TIME_WIDTH + 2)}… ${n} more scheduled run${n === 1 ? "" : "s"} waited for the same reasons`);
  }

  /** Word-wraps `text` after `first`, continuing on lines that start with `next`. */
  private wrap(first: string, next: string, text: string): string[] {
    const width = Math.max(this.options.width ?? 120, next.length + 40);
    const lines: string[] = [];
    let current = first;
    let empty = true;
    for (const word of text.split(" ")) {
      if (!empty && current.length + 1 + word.length > width) {
        lines.push(current);
        current = next;
        empty = true;
      }
      current += empty ? word : ` ${word}`;
      empty = false;
    }
    lines.push(current);
    return lines;
  }

  private print(text: string): void {
    this.printed.push(text);
    this.options.write?.(`${text}\n`);
  }
}
