// What stagegate answered to an event, read from GitHub itself (the emulator's state) rather than
// from stagegate's own return values: the snapshot before an event is compared with the one after
// it, and every difference a person would notice becomes one short line.
import type { RolloutState } from "../../core/model.js";
import { progressBar } from "../../core/tracking-issue/format.js";
import type { RunningEmulator } from "../github-emulator/index.js";

interface CheckView {
  name: string;
  status: string;
  conclusion: string | null;
  title: string | null;
}

interface CommentView {
  author: string;
  body: string;
  reactions: string[];
}

export interface Snapshot {
  issues: Map<number, { title: string; isPullRequest: boolean; author: string }>;
  comments: Map<number, CommentView>;
  checks: Map<number, CheckView>;
  state: RolloutState | null;
}

export function snapshot(gh: RunningEmulator, repo: string, state: RolloutState | null): Snapshot {
  const r = gh.repo(repo);
  const issues = new Map([...r.issues.values()].map((i) => [i.number, { title: i.title, isPullRequest: i.isPullRequest, author: i.author }] as const));
  const comments = new Map<number, CommentView>();
  for (const issue of r.issues.values()) {
    for (const id of issue.commentIds) {
      const c = gh.state.comments.get(id);
      if (c) comments.set(id, { author: c.author, body: c.body, reactions: c.reactions.map((x) => `${x.user}:${x.content}`) });
    }
  }
  const checks = new Map<number, CheckView>();
  for (const run of gh.state.checkRuns.values()) {
    if (run.repo.toLowerCase() === r.fullName.toLowerCase()) checks.set(run.id, { name: run.name, status: run.status, conclusion: run.conclusion, title: run.output.title });
  }
  return { issues, comments, checks, state: state ? structuredClone(state) : null };
}

const REACTION: Record<string, string> = { eyes: "👀", rocket: "🚀", confused: "😕", "+1": "👍", "-1": "👎", heart: "❤️", hooray: "🎉", laugh: "😄" };

/** `✅ success`, `⏳ in progress`… */
export function checkState(check: Pick<CheckView, "status" | "conclusion">): string {
  if (check.status !== "completed") return "⏳ in progress";
  const icon = check.conclusion === "success" ? "✅" : check.conclusion === "failure" ? "❌" : "⚪";
  return `${icon} ${check.conclusion ?? "completed"}`;
}

/** `internal 0% [░░░░░░░░░░] progressing`. */
export function standing(state: RolloutState): string {
  return `${state.stage} ${progressBar(state.percent)} · ${state.status}`;
}

const stripMarkdown = (text: string) => text.replace(/\*\*/g, "").replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, "$1").replace(/&gt;/g, ">").replace(/&lt;/g, "<");

/** The first line of a comment, and the first few list items under it. */
function commentGist(body: string, items = 4): string[] {
  const lines = body.split("\n").map((l) => l.trim());
  const first = stripMarkdown(lines.find((l) => l !== "") ?? "");
  const bullets = lines.filter((l) => l.startsWith("- ")).map((l) => `  · ${stripMarkdown(l.slice(2))}`);
  const cc = lines.find((l) => l.startsWith("cc @"));
  return [`💬 "${first}"${cc ? ` ${cc}` : ""}`, ...bullets.slice(0, items), ...(bullets.length > items ? [`  · … ${bullets.length - items} more`] : [])];
}

const PLAN_CHECK = "stagegate / plan";
const SIGNOFF_CHECK = "stagegate / sign-off";

/** `3 checks ✅ success — Signed off by @sam: Security review completed, …`; new runs by state alone. */
function groupChecks(checks: CheckView[], verb: "new" | "now"): string[] {
  const groups = new Map<string, string[]>();
  for (const c of checks) {
    // New runs each wait for their own role: their state says enough.
    const key = verb === "new" ? checkState(c) : `${checkState(c)}${c.title ? ` — ${c.title}` : ""}`;
    groups.set(key, [...(groups.get(key) ?? []), c.name.replace(/^stagegate \/ /, "")]);
  }
  return [...groups].map(([state, list]) =>
    list.length === 1 ? `check stagegate / ${list[0]}: ${state}` : `${list.length} ${verb === "new" ? "new " : ""}checks ${state}: ${names(list)}`,
  );
}

function names(list: string[], max = 3): string {
  return list.length <= max ? list.join(", ") : `${list.slice(0, max).join(", ")} and ${list.length - max} more`;
}

/** What changed between two snapshots, as lines a person reads. */
export function answers(before: Snapshot, after: Snapshot, botLogins: string[]): string[] {
  const out: string[] = [];
  const bots = new Set(botLogins.map((b) => b.toLowerCase()));

  for (const [number, issue] of after.issues) {
    if (!before.issues.has(number) && !issue.isPullRequest && bots.has(issue.author.toLowerCase())) out.push(`opened issue #${number} "${issue.title}"`);
  }

  // Check runs. The plan's two summary checks are told one by one; the per-item sign-off
  // checks (27 in the example) are told in groups of the same state and title.
  const summary = (c: CheckView) => c.name === PLAN_CHECK || c.name === SIGNOFF_CHECK;
  const created = [...after.checks].filter(([id]) => !before.checks.has(id)).map(([, c]) => c);
  const changed = [...after.checks]
    .filter(([id, c]) => {
      const was = before.checks.get(id);
      return was !== undefined && (was.status !== c.status || was.conclusion !== c.conclusion || was.title !== c.title);
    })
    .map(([, c]) => c);
  out.push(...groupChecks(created.filter((c) => !summary(c)), "new"));
  out.push(...groupChecks(changed.filter((c) => !summary(c)), "now"));
  for (const c of [...created, ...changed].filter(summary)) out.push(`check ${c.name}: ${checkState(c)}${c.title ? ` — ${c.title}` : ""}`);

  out.push(...stateChanges(before.state, after.state));

  for (const [id, comment] of after.comments) {
    const was = before.comments.get(id);
    if (was === undefined && bots.has(comment.author.toLowerCase())) out.push(...commentGist(comment.body));
    const added = comment.reactions.filter((r) => !(was?.reactions ?? []).includes(r) && bots.has(r.split(":")[0]?.toLowerCase() ?? ""));
    if (added.length > 0) out.push(`reacted ${added.map((r) => REACTION[r.split(":")[1] ?? ""] ?? r).join(" ")} to ${comment.author}'s comment`);
  }
  return out;
}

function stateChanges(before: RolloutState | null, after: RolloutState | null): string[] {
  if (after === null) return [];
  const out: string[] = [];
  if (before === null || before.stage !== after.stage || before.percent !== after.percent || before.status !== after.status) {
    out.push(`${before === null ? "state file written" : "state file"}: ${standing(after)}`);
  }
  const had = new Set((before?.approvals ?? []).map((a) => `${a.stage ?? ""}/${a.item}`));
  const recorded = after.approvals.filter((a) => !had.has(`${a.stage ?? ""}/${a.item}`));
  if (before !== null && recorded.length > 0) out.push(`committed ${recorded.length} approval${recorded.length === 1 ? "" : "s"} to the state file: ${names(recorded.map((a) => `${a.item} (@${a.by})`))}`);
  return out;
}
