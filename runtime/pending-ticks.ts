// Boxes ticked in the tracking issue whose webhooks have not been handled yet. Kept apart from
// render-tracking-issue.ts because it needs the Markdown parser, which the clock loads only when
// an issue's body differs from its rendering.
import { setItemChecked } from "../core/markdown/tick-diff.js";
import { parseTrackingIssue } from "../core/tracking-issue/parse.js";

// A rendered item line ends `— ✅ @who · when` exactly when the truth had it approved; a box whose
// state disagrees with its own line was clicked since the last render.
const APPROVED_MARK = "— ✅ ";

/**
 * `rendered` with the boxes of `current` that were clicked since the last render and whose
 * webhooks are still on their way, except the `judged` ones: those show the truth (a refused
 * tick is undone, a recorded one shows who ticked it). A box that merely shows an older truth
 * (a sign-off dismissed by a new push) is not pending, and takes the new truth.
 */
export function keepPendingTicks(rendered: string, current: string | null, judged: ReadonlySet<string>): string {
  if (current === null) return rendered;
  const lines = current.split("\n");
  let body = rendered;
  for (const item of parseTrackingIssue(current).items) {
    if (item.key === null || judged.has(item.key)) continue;
    const clicked = item.checked !== (lines[item.line - 1] ?? "").includes(APPROVED_MARK);
    if (!clicked) continue;
    const kept = setItemChecked(body, item.key, item.checked);
    if (kept.ok) body = kept.body;
  }
  return body;
}
