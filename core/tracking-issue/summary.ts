// The top of the tracking issue: where the rollout is, how far along, and what comes next.
import type { Blocker } from "../decisions.js";
import { underlyingStatus } from "../engine/context.js";
import type { Plan, RolloutState } from "../model.js";
import { mentionRoles } from "../mentions.js";
import { fileLink, progressBar, statusLabel, text, when } from "./format.js";
import { pullRequestMarker, rolloutMarker } from "./marker.js";
import type { TrackingIssueView } from "./view.js";

/** The issue's title, as the App sets it. The App finds the issue by its marker, not by this. */
export function issueTitle(plan: Pick<Plan, "name">): string {
  return `Rollout: ${plan.name}`;
}

/** Whether the rollout has entered its first stage (a pause before the start does not count). */
export function hasStarted(state: RolloutState | null): state is RolloutState {
  return state !== null && underlyingStatus(state) !== "awaiting-signoff";
}

export function headerLines(view: TrackingIssueView): string[] {
  const { plan, state } = view;
  const markers = view.pullRequest === undefined ? [rolloutMarker(plan.name)] : [rolloutMarker(plan.name), pullRequestMarker(view.pullRequest)];
  const lines = [...markers, `## 🚦 ${text(issueTitle(plan))}`, ""];
  if (plan.description !== null && plan.description.trim() !== "") lines.push(text(plan.description, { maxLength: 500 }), "");
  const meta = [`Plan: ${fileLink(plan.path, view.repoUrl)}`, `State file: ${fileLink(plan.statePath, view.repoUrl)}`];
  if (view.pullRequest !== undefined) meta.push(`Plan PR: #${view.pullRequest}`);
  lines.push(meta.join(" · "), "");

  const started = hasStarted(state);
  const status = statusLabel(state?.status ?? "awaiting-signoff");
  const first = plan.stages[0];
  const where = started ? `**Stage:** ${text(state.stage)} (${state.percent}%)${audience(plan, state.stage)}` : `**Stage:** not started${first ? ` (first: ${text(first.name)})` : ""}`;
  lines.push(`${where} · **Status:** ${status}`, "", progressBar(started ? state.percent : 0), "", `**Stages:** ${steps(plan, state)}`);
  return lines;
}

function audience(plan: Plan, stage: string): string {
  const written = plan.stages.find((s) => s.name === stage)?.audience;
  return written ? ` · audience: ${text(written)}` : "";
}

/** `✅ internal 0% → ▶️ **beta 1%** → ⬜ ten 10%`. */
function steps(plan: Plan, state: RolloutState | null): string {
  const current = hasStarted(state) ? plan.stages.findIndex((s) => s.name === state.stage) : -1;
  const complete = state?.status === "complete";
  return plan.stages
    .map((stage, i) => {
      const label = `${text(stage.name)} ${stage.percent}%`;
      if (i < current || (i === current && complete)) return `✅ ${label}`;
      if (i === current) return `▶️ **${label}**`;
      return `⬜ ${label}`;
    })
    .join(" → ");
}

const ICONS: Record<Blocker["kind"], string> = { status: "⏸️", "last-stage": "🏁", items: "☑️", bake: "⏳", gate: "📉", calendar: "🗓️", "hand-edit": "✋", "role-lapsed": "👥" };

/**
 * What comes next, at a glance: the next step and the earliest instant it can happen, what holds
 * it, and who must act. A finished rollout says so and nothing else; a rolled-back one says that
 * only `/resume` moves it on, and promises no date the bake has not started counting towards.
 */
export function nextPromotionLines(view: TrackingIssueView): string[] {
  const { eligibility, state } = view;
  const lines = ["### Next promotion", ""];
  if (!hasStarted(state)) return [...lines, ...signoffLines(view)];
  if (state.status === "complete") return [...lines, `- 🏁 Complete: ${text(state.stage)} (${state.percent}%) since ${when(state.entered)}. Nothing is left to promote.`];
  if (eligibility === null) return [...lines, ...optional(bakeLine(view)), "- _Not evaluated yet: the clock fills this in on its next run._"];
  const status = eligibility.blockers.find((b) => b.kind === "status");
  const bake = status === undefined ? bakeLine(view) : null;
  lines.push(...optional(bake));
  const next = eligibility.next === null ? null : `${text(eligibility.next.name)} (${eligibility.next.percent}%)`;
  const earliest = eligibility.earliest === null ? Number.NaN : Date.parse(eligibility.earliest);
  if (next === null) lines.push("- 🏁 There is no next stage.");
  else if (eligibility.eligible) lines.push(`- 🚀 Ready: ${next} on the clock's next run, or now with \`/promote\`.`);
  else if (status !== undefined) lines.push(`- ⏸️ On hold: nothing moves to ${next} until someone comments \`/resume\`.`);
  // Once timers and the calendar allow it, "earliest" is the present instant: naming it would
  // change the issue on every run without anything having happened.
  else if (earliest <= view.now.getTime()) lines.push(`- 🗓️ Bake and calendar allow the promotion to ${next} now; it waits for what is listed below.`);
  else if (eligibility.earliest !== null) lines.push(`- 🗓️ Earliest next promotion: ${when(eligibility.earliest)}, to ${next}`);
  else lines.push(`- 🗓️ Earliest next promotion to ${next}: not in sight while the blockers below hold.`);
  // The bake line above already says how long is left; the last stage has nothing to block.
  const blockers = eligibility.blockers.filter((b) => !(bake !== null && b.kind === "bake") && b.kind !== "last-stage");
  if (blockers.length > 0) {
    lines.push("", "**What blocks promotion:**", "");
    for (const blocker of blockers) lines.push(`- ${ICONS[blocker.kind]} ${blockerLine(view, blocker)}`);
  }
  return lines;
}

const optional = (line: string | null): string[] => (line === null ? [] : [`- ${line}`]);

/** Before the start: how far the sign-off is, who has yet to tick, then the merge. */
function signoffLines(view: TrackingIssueView): string[] {
  const { plan } = view;
  const approvals = view.state === null ? view.signoffs : view.state.approvals;
  const ticked = new Set(approvals.filter((a) => a.stage === null).map((a) => a.item));
  const missing = plan.signoff.filter((item) => !ticked.has(item.id));
  const merge = view.pullRequest === undefined ? "merging the plan" : `merging #${view.pullRequest}`;
  if (missing.length === 0) return [`- 🚀 Signed off: ${merge} starts the rollout at its first stage.`];
  return [
    `- 📝 Sign-off: ${plan.signoff.length - missing.length} of ${plan.signoff.length} items ticked; ${merge} starts the rollout once all are.`,
    `- 👤 Waiting for: ${whoMustTick(view, missing.map((item) => item.role))}`,
  ];
}

/** `@quinn (qa-lead) · @acme/eng-leads (engineering-lead)`: each role once, in checklist order. */
function whoMustTick(view: TrackingIssueView, roles: string[]): string {
  return [...new Set(roles)].map((role) => `${holdersOf(view, role)} (${text(role)})`).join(" · ");
}

/** The people and teams who hold a role, from the settings on the default branch. */
export function holdersOf(view: TrackingIssueView, role: string): string {
  return mentionRoles(view.settings, [role]) || `nobody: the role ${text(role)} is not held in .github/stagegate.yml`;
}

function blockerLine(view: TrackingIssueView, blocker: Blocker): string {
  if (blocker.kind === "items") {
    const titles = blocker.items.map((item) => text(item.title, { maxLength: 80 })).join(", ");
    const where = blocker.items[0]?.stage ?? null;
    const what = `${blocker.items.length} ${where === null ? "sign-off" : "exit"} item${blocker.items.length === 1 ? "" : "s"} to tick${where === null ? "" : ` for ${text(where)}`}: ${titles}`;
    return `${clip(what)} — by ${whoMustTick(view, blocker.items.map((item) => item.role))}`;
  }
  return text(blockerText(blocker), { maxLength: 600 });
}

function clip(markdown: string): string {
  return markdown.length <= 600 ? markdown : `${markdown.slice(0, 599)}…`;
}

/**
 * A blocker in words that stay true until something happens: a failing gate is named with what it
 * needs, not with the value of the moment (the health gates table shows that).
 */
function blockerText(blocker: Blocker): string {
  if (blocker.kind !== "gate" || blocker.judgement.status !== "fail") return blocker.message;
  const { gate, threshold, window } = blocker.judgement;
  return `gate ${gate} fails: it needs ${threshold}${window === null ? "" : ` throughout the last ${window}`}`;
}

/**
 * The current stage's bake as instants, never as time left: "3h left" would be stale a minute
 * later and rewrite the issue on every run. Null when no stage is being served.
 */
function bakeLine(view: TrackingIssueView): string | null {
  const { plan, state, eligibility } = view;
  if (!hasStarted(state) || state.status === "complete") return null;
  const stage = plan.stages.find((s) => s.name === state.stage);
  if (stage === undefined) return null;
  if (stage.bake === null) return `⏳ Bake: none for ${text(stage.name)}.`;
  const blocker = eligibility?.blockers.find((b): b is Extract<Blocker, { kind: "bake" }> => b.kind === "bake");
  if (blocker !== undefined) {
    const hours = blocker.business ? " of business hours" : "";
    const until = Number.isFinite(Date.parse(blocker.until)) ? `served ${when(blocker.until)}` : "never served: the calendar has no open time to serve it";
    return `⏳ Bake: ${text(stage.bake.text)}${hours} from ${when(state.entered)}, ${until}`;
  }
  if (eligibility === null) return `⏳ Bake: ${text(stage.bake.text)} from ${when(state.entered)}`;
  return `⏳ Bake: ${text(stage.bake.text)} served.`;
}
