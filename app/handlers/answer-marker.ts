// A command is answered in two writes, the reply (or a step's announcement) and then the final
// reaction, and GitHub has no transaction for both. When a delivery fails between them and is
// redelivered, or reaches another App process, the reactions alone do not show that the command
// was answered, and it would be answered twice. So each answer carries a hidden marker naming
// the command's comment and its outcome: a retried delivery that finds one only adds the
// reaction that is missing.
import type { GitHubPort } from "../../port/github-port.js";

export type FinalReaction = "rocket" | "confused";

const MARKER = /<!-- stagegate:answer (\d+) (rocket|confused) -->/g;

export function withAnswerMarker(body: string, commentId: number, outcome: FinalReaction): string {
  return `${body}\n\n<!-- stagegate:answer ${commentId} ${outcome} -->`;
}

/** The outcome an earlier attempt posted for the command in `commentId`, or null if none did. */
export async function earlierAnswer(port: GitHubPort, issue: number, commentId: number, botLogin: string): Promise<FinalReaction | null> {
  for (const comment of await port.listComments(issue)) {
    if (comment.user.toLowerCase() !== botLogin.toLowerCase()) continue;
    for (const match of comment.body.matchAll(MARKER)) {
      if (Number(match[1]) === commentId) return match[2] as FinalReaction;
    }
  }
  return null;
}
