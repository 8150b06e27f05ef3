// What a tracking issue says, as opposed to when it was rendered. Two renderings say the same
// thing when they differ only in the time stamp at the foot and in the gate values of the health
// table, which move on every run of the clock. Statuses, blockers, boxes and history are all
// substance: a change in any of them is worth an edit of the issue, and nothing else is.
import { GATES_HEADING } from "./gates-table.js";
import { STAMP_PREFIX } from "./render.js";

// A cell boundary: a pipe that the Markdown escaping did not turn into text (`\|`).
const CELL = /(?<!\\)\|/;
const STAMP = new RegExp(`^${STAMP_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*? by stagegate\\b`);

/** The body with the rendering time and the live gate values blanked out. */
export function issueSubstance(body: string): string {
  const lines = body.split("\n");
  let inGates = false;
  let tableRow = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("### ")) {
      inGates = line === GATES_HEADING;
      tableRow = 0;
    } else if (inGates && line.startsWith("|")) {
      // Header and alignment rows first; the value is each data row's second cell.
      if (++tableRow > 2) {
        const cells = line.split(CELL);
        if (cells.length > 3) cells[2] = " · ";
        lines[i] = cells.join("|");
      }
    } else if (STAMP.test(line)) {
      lines[i] = line.replace(STAMP, `${STAMP_PREFIX}· by stagegate`);
    }
  }
  return lines.join("\n");
}

/** Whether two bodies say the same thing (see issueSubstance). */
export function sameSubstance(a: string, b: string): boolean {
  return a === b || issueSubstance(a) === issueSubstance(b);
}
