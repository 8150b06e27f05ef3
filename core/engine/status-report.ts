// `/status`: where the rollout is and what it waits for, in a few lines of Markdown.
import type { GateJudgement } from "../decisions.js";
import { fromUtcIso } from "../state/utc-time.js";
import { text } from "./comments.js";
import type { EngineContext } from "./context.js";
import { eligibility } from "./eligibility.js";
import { formatInstant, stageLabel } from "./wording.js";

const GATE_ICON: Record<GateJudgement["status"], string> = { pass: "✅", fail: "❌", "no-data": "⏳", error: "⚠️", "not-evaluated": "⏳" };

export function statusReport(ctx: EngineContext): string {
  const { plan, state } = ctx;
  const e = eligibility(ctx);
  const title = plan.description === null ? `**${text(plan.name)}**` : `**${text(plan.description)}** (${text(plan.name)})`;
  const lines = [`${title}: stage **${text(state.stage)}** at ${state.percent}%, ${state.status} (stage entered ${formatInstant(fromUtcIso(state.entered))})`];

  if (e.next !== null) {
    const earliest = e.earliest === null ? "" : `, earliest ${formatInstant(fromUtcIso(e.earliest))}`;
    lines.push("", e.eligible ? `Ready to move to **${text(stageLabel(e.next))}** now.` : `Next: **${text(stageLabel(e.next))}**${earliest}. Waiting for:`);
  } else {
    lines.push("");
  }
  // Gate blockers are counted here and shown in full with every gate below.
  for (const b of e.blockers) if (b.kind !== "gate") lines.push(`- ${text(b.message)}`);
  const failing = e.blockers.filter((b) => b.kind === "gate").length;
  if (failing > 0) lines.push(`- ${failing} of ${e.gates.length} gates holding promotion back (below)`);

  if (e.gates.length > 0) {
    lines.push("", "Gates:");
    for (const g of e.gates) lines.push(`- ${GATE_ICON[g.status]} ${text(g.message)}`);
  }
  if (state.openAlerts.length > 0) {
    lines.push("", "Open alerts:");
    for (const a of state.openAlerts) lines.push(`- 🔔 ${text(a.gate)} since ${formatInstant(fromUtcIso(a.since))}`);
  }
  return lines.join("\n");
}
