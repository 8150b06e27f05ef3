// The steps of a rollout as people and the clock take them, for the fault suite: open the plan
// PR, sign off, merge (and the Action's run on that push), tick exit items, comment commands.
// Each step waits until every webhook it caused, and those they caused, has been answered.
import type { Delivery } from "../../sandbox/github-emulator/index.js";
import type { ActionRun } from "../action/harness.js";
import { ACTIONS_BOT, BOT, botReactions, DAY, issueComments, ITEMS, PLAN, PLAN_PATH, REPO, faultSuite, stateCommits, stateText, trackingIssue, visibleText, type FaultWorld } from "./fault-world.js";

export async function openPlanPullRequest(w: FaultWorld) {
  const { value: pr } = await w.gh.as("pam").openPullRequest(REPO, { head: "plan", title: "Roll out the playlist editor", files: { [PLAN_PATH]: PLAN } });
  await w.gh.idle();
  return pr;
}

export async function tick(w: FaultWorld, login: string, key: string): Promise<void> {
  await w.gh.as(login).tick(REPO, trackingIssue(w).number, key);
  await w.gh.idle();
}

export async function comment(w: FaultWorld, login: string, body: string) {
  const { value } = await w.gh.as(login).comment(REPO, trackingIssue(w).number, body);
  await w.gh.idle();
  return value;
}

/** Merges the plan PR and returns the push event the merge sent, as a workflow run gets it. */
export async function merge(w: FaultWorld, number: number): Promise<Record<string, unknown>> {
  const { deliveries } = await w.gh.as("ada").merge(REPO, number);
  await w.gh.idle();
  const push = deliveries.find((d) => d.event === "push") ?? w.gh.webhooks.deliveries({ event: "push" }).at(-1);
  if (push === undefined) throw new Error("the merge sent no push event");
  // A workflow's event file is the push payload without the App's installation.
  const { installation: _installation, ...payload } = push.payload;
  return payload;
}

/** The Action on the push that merged the plan: what starts the rollout. */
export function startRun(w: FaultWorld, push: Record<string, unknown>): Promise<ActionRun> {
  return w.action("push", push);
}

/**
 * A rollout started from its plan PR and a day into internal with its exit item approved: the
 * next scheduled run, or a `/promote`, moves it to beta.
 */
export async function dueForPromotion(options: { people?: string[] } = {}): Promise<FaultWorld> {
  const w = await faultSuite.start(options);
  const pr = await openPlanPullRequest(w);
  await tick(w, "sam", ITEMS.security);
  await tick(w, "lee", ITEMS.codeReview);
  const start = await startRun(w, await merge(w, pr.number));
  if (start.code !== 0) throw new Error(`the Action did not start the rollout:\n${start.stdout}`);
  await tick(w, "quinn", ITEMS.noCriticalBugs);
  w.gh.clock.advance(DAY + 60_000);
  return w;
}

// ---- what the suite compares ----

/** Everything a person could see of the rollout, in a form two runs can be compared by. */
export function snapshot(w: FaultWorld, prHead: string) {
  const issue = trackingIssue(w);
  const checks = [...w.gh.state.checkRuns.values()].filter((r) => r.headSha === prHead).sort((a, b) => a.id - b.id);
  return {
    stateFile: stateText(w),
    stateCommits: stateCommits(w),
    trackingIssues: [...w.gh.repo(REPO).issues.values()].filter((i) => !i.isPullRequest).length,
    issue: { title: issue.title, body: issue.body, state: issue.state },
    comments: issueComments(w)
      .map((c) => ({ author: c.author, body: c.body, reactions: botReactions(c) }))
      .sort((a, b) => `${a.author}\n${a.body}`.localeCompare(`${b.author}\n${b.body}`)),
    checkRuns: checks.map((r) => ({ name: r.name, status: r.status, conclusion: r.conclusion, title: r.output.title })),
  };
}

/** The comments, by the App or the Action, that announce a promotion, as GitHub shows them. */
export function promotionComments(w: FaultWorld): string[] {
  return issueComments(w)
    .filter((c) => (c.author === BOT || c.author === ACTIONS_BOT) && c.body.startsWith("🚀 **Promoted**"))
    .map((c) => visibleText(c.body));
}

// ---- as GitHub's users do when something failed ----

/** Ids of deliveries that are not done: never answered with a 2xx, or in the App's failed set. */
export async function undoneDeliveries(w: FaultWorld): Promise<string[]> {
  const failed = new Set(failedDeliveries(w));
  for (const job of await w.appFailed()) failed.add(job.id);
  return [...failed];
}

/** How many tries of deliveries the App's queues retried after a transient failure. */
export async function retriedTries(w: FaultWorld): Promise<number> {
  let total = 0;
  for (const text of await w.queueMetrics()) {
    for (const m of text.matchAll(/^stagegate_deliveries_processed_total\{outcome="retried"\} (\d+)$/gm)) total += Number(m[1]);
  }
  return total;
}

/** Ids of deliveries no attempt of which was answered with a 2xx. */
export function failedDeliveries(w: FaultWorld): string[] {
  const answered = new Map<string, boolean>();
  for (const d of w.gh.webhooks.deliveries()) {
    const ok = typeof d.status === "number" && d.status >= 200 && d.status < 300;
    answered.set(d.id, (answered.get(d.id) ?? false) || ok);
  }
  return [...answered].filter(([, ok]) => !ok).map(([id]) => id);
}

/**
 * Presses "Redeliver" on every failed delivery (refused, or in the App's failed set), one by one,
 * until each has been answered, as someone watching the App's delivery log would. Returns how many redeliveries it took.
 */
export async function redeliverFailed(w: FaultWorld, rounds = 25): Promise<number> {
  let redelivered = 0;
  for (let round = 0; round < rounds; round++) {
    await w.gh.idle();
    const failed = await undoneDeliveries(w);
    if (failed.length === 0) return redelivered;
    for (const id of failed) {
      await w.gh.webhooks.redeliver(id);
      redelivered++;
    }
  }
  await w.gh.idle();
  const left = await undoneDeliveries(w);
  if (left.length > 0) throw new Error(`${left.length} deliveries still fail after ${rounds} rounds of redelivery`);
  return redelivered;
}

/** Re-runs a workflow until it succeeds, as someone pressing "Re-run failed jobs" would. */
export async function runUntilGreen(run: () => Promise<ActionRun>, attempts = 12): Promise<ActionRun[]> {
  const runs: ActionRun[] = [];
  for (let i = 0; i < attempts; i++) {
    const result = await run();
    runs.push(result);
    if (result.code === 0) return runs;
  }
  throw new Error(`the workflow failed ${attempts} times in a row; the last one said:\n${runs.at(-1)?.stdout ?? ""}`);
}

export type { Delivery };
