// Alerts notify and never act. Each rule has episodes: the run on which the rule starts holding
// opens one (recorded in `open-alerts`, one comment), the run on which it is seen not holding
// closes it (one comment). Runs in between say nothing, so a scheduled clock does not spam the
// issue. Not knowing (no data, provider error) changes nothing: an open episode stays open until
// the metric is seen healthy, a closed one is not opened on a guess.
import { judgeRule } from "../gates.js";
import { formatValue } from "../gates/threshold.js";
import type { HistoryEntry, OpenAlert, RolloutState } from "../model.js";
import { fromUtcIso } from "../state/utc-time.js";
import { ccLine, commentBody } from "./comments.js";
import { CLOCK_ACTOR, historyEntry, nowIso, nowMs, type EngineContext } from "./context.js";
import { conditionText, observed } from "./rule-text.js";
import { formatInstant } from "./wording.js";

export interface AlertChanges {
  state: RolloutState;
  /** One line per opened or closed episode, for the commit message. */
  summaries: string[];
  comments: string[];
}

export function updateAlerts(ctx: EngineContext): AlertChanges {
  const { plan, state, settings } = ctx;
  const now = nowMs(ctx);
  const open: OpenAlert[] = [];
  const history: HistoryEntry[] = [];
  const summaries: string[] = [];
  const comments: string[] = [];

  // Episodes of rules that left the plan (or moved in it) end quietly: nobody asked for them.
  for (const episode of state.openAlerts) {
    const rule = plan.alerts[episode.alert];
    if (rule === undefined || rule.gate !== episode.gate) {
      history.push(historyEntry(ctx, "alert-resolved", { by: CLOCK_ACTOR, reason: `alert on ${episode.gate} is no longer in the plan` }));
      summaries.push(`alert on ${episode.gate} dropped: no longer in the plan`);
    }
  }

  plan.alerts.forEach((rule, index) => {
    const episode = state.openAlerts.find((a) => a.alert === index && a.gate === rule.gate);
    const verdict = judgeRule(rule, ctx.facts, now);
    const condition = conditionText(rule);
    const cc = ccLine(settings, rule.notify);
    if (episode === undefined && verdict.result === "holds") {
      open.push({ alert: index, gate: rule.gate, since: nowIso(ctx) });
      const seen = observed(rule, verdict);
      history.push(historyEntry(ctx, "alert", { by: CLOCK_ACTOR, reason: `${condition}: ${seen}` }));
      summaries.push(`alert ${condition} opened (${seen})`);
      comments.push(commentBody("🔔", "Alert", `${plan.name}: ${seen}, alert when ${condition}. No action is taken; this is for people to look at.`, cc));
    } else if (episode !== undefined && verdict.result === "does-not-hold") {
      const seen = `${rule.gate} is ${formatValue(verdict.latest)}`;
      history.push(historyEntry(ctx, "alert-resolved", { by: CLOCK_ACTOR, reason: `${condition} no longer holds: ${seen}` }));
      summaries.push(`alert ${condition} resolved (${seen})`);
      comments.push(commentBody("✅", "Alert resolved", `${plan.name}: ${seen}, no longer ${condition} (alerting since ${formatInstant(fromUtcIso(episode.since))}).`, cc));
    } else if (episode !== undefined) {
      open.push(episode);
    }
  });

  if (summaries.length === 0) return { state, summaries, comments };
  return { state: { ...state, openAlerts: open, history: [...state.history, ...history] }, summaries, comments };
}
