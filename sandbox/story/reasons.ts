// The Action's reasons, shortened for the timeline (the tracking issue and the job summaries keep
// them whole), and the schedule the clock's workflow runs on.

const CRON_MS = 15 * 60_000;

/** The first slot of a `*\/15 * * * *` schedule at or after `ms`. */
export function cronSlot(ms: number): number {
  return Math.ceil(ms / CRON_MS) * CRON_MS;
}

/** What a waiting run waits for, durations and numbers left out: `bake: # left; calendar: …`. */
export function waitKind(reason: string): string {
  return shortReason(reason)
    .replace(/\d+[dhm]( \d+[dhm])*/g, "#")
    .replace(/\d+(\.\d+)?/g, "#");
}

/**
 * The Action's reason without the plan name, item lists and UTC instants the tracking issue
 * already shows: `4 exit items of stage internal are not ticked; bake: 6d left`.
 */
export function shortReason(reason: string): string {
  const body = reason.replace(/^Cannot promote \S+ to [^:]+: /, "");
  return body
    .split("; ")
    .map((part) =>
      part
        .replace(/(are not ticked|is not ticked): .*$/, "$1")
        .replace(/ \(until [^)]*\)/, "")
        .replace(/(business hours) \([^)]*\)/, "$1")
        .replace(/, opens \d{4}-\d\d-\d\d \d\d:\d\d UTC/, ""),
    )
    .join("; ");
}

/** `a, b, c and 3 more`. */
export function listed(items: string[], max = 3): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
