// Three App replicas on one Redis, as docs/scaling.md deploys them: real processes started from
// the environment, a real redis-server with its append-only file, and a round-robin forwarder in
// front. One story runs through them from the plan PR to a promotion, with a fault at each turn:
// every delivery delivered twice (the second time to another replica), Redis restarted while work
// is in flight, twenty /promote at once spread over the replicas, a replica SIGKILLed mid-job, and
// a delivery that keeps failing, listed by `npm run admin -- failed`. Nothing may be lost or done
// twice. The tests share the one world and run in order.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT, botReactions, issueComments, ITEMS, REPO, stateCommits, stateOnMain, ticked, trackingIssue, visibleText } from "./fault-world.js";
import { merge, openPlanPullRequest, promotionComments, redeliverFailed, startRun, undoneDeliveries } from "./fault-flow.js";
import { commitRequest } from "./fault-gate.js";
import { eventually } from "../eventually.js";
import { startReplicaWorld, type ReplicaWorld } from "./replica-world.js";

const PEOPLE = Array.from({ length: 20 }, (_, i) => `dev${String(i + 1).padStart(2, "0")}`);
const PUT_CONTENTS = "PUT /repos/{owner}/{repo}/contents/{path}";

let w: ReplicaWorld;

beforeAll(async () => {
  w = await startReplicaWorld({ people: PEOPLE });
}, 120_000);
afterAll(async () => {
  await w?.close();
}, 60_000);

const statusOf = (id: string) => w.gh.webhooks.deliveries().filter((d) => d.id === id).map((d) => d.status);

describe("three App replicas on one Redis", () => {
  it("take a plan from its pull request to a started rollout with every delivery delivered twice, each worked once", async () => {
    w.gh.webhooks.deliverTwice();
    const pr = await openPlanPullRequest(w);
    const issue = trackingIssue(w).number;
    await w.gh.as("sam").tick(REPO, issue, ITEMS.security);
    await w.gh.as("lee").tick(REPO, issue, ITEMS.codeReview);
    await w.gh.idle();
    const push = await merge(w, pr.number);
    const start = await startRun(w, push);
    expect(start.code).toBe(0);
    await w.gh.as("quinn").tick(REPO, issue, ITEMS.noCriticalBugs);
    await w.gh.idle();
    w.gh.webhooks.deliverTwice(false);

    // Every delivery reached two different replicas and was acknowledged by both.
    const byId = new Map<string, number[]>();
    for (const d of w.gh.webhooks.deliveries()) byId.set(d.id, [...(byId.get(d.id) ?? []), d.status as number]);
    expect([...byId.values()].every((s) => s.length === 2 && s.every((x) => x === 200))).toBe(true);

    // Worked once: one run per check, one tracking issue, each approval once.
    const runs = [...w.gh.state.checkRuns.values()].filter((r) => r.headSha === pr.headSha).map((r) => r.name).sort();
    expect(runs).toEqual(["stagegate / Code review completed", "stagegate / Security review completed", "stagegate / plan", "stagegate / sign-off"]);
    expect([...w.gh.repo(REPO).issues.values()].filter((i) => !i.isPullRequest)).toHaveLength(1);
    expect(stateCommits(w)).toEqual([
      "playlist-editor: start at internal (0%): sign-off complete (2 items)",
      "playlist-editor: approve exit item no-critical-bugs (No critical bugs) of stage internal by @quinn",
    ]);
    expect(ticked(trackingIssue(w).body, ITEMS.noCriticalBugs)).toBe(true);
    expect(w.gh.requests.violations()).toEqual([]);
  }, 120_000);

  it("lose nothing when Redis restarts mid-story: acknowledged work resumes, and what Redis refused meanwhile is redelivered", async () => {
    const issue = trackingIssue(w).number;
    // rita's /status is acknowledged and its work held at the gates; then Redis goes down.
    const held = w.appGate.hold(() => true);
    const first = w.gh.as("rita").comment(REPO, issue, "/status");
    await held.until(1);
    await w.redis.stop();
    // While Redis is down a delivery is refused (503), so GitHub shows it as failed.
    const second = w.gh.as("pam").comment(REPO, issue, "/status");
    await eventually("the refused delivery", () => w.gh.webhooks.deliveries({ event: "issue_comment" }).some((d) => d.status === 503));
    await w.redis.start();
    held.release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.deliveries.map((d) => d.status)).toEqual([200]);
    expect(b.deliveries.map((d) => d.status)).toEqual([503]);
    await redeliverFailed(w);
    expect(statusOf(b.deliveries[0]?.id ?? "")).toEqual([503, 200]);

    for (const command of [a.value, b.value]) {
      const comment = issueComments(w).find((c) => c.id === command.id);
      expect(botReactions(comment ?? command)).toEqual(["eyes", "rocket"]);
    }
    const replies = issueComments(w).filter((c) => c.author === BOT && c.body.includes("stage **internal** at 0%"));
    expect(replies).toHaveLength(2);
  }, 120_000);

  it("promote exactly once when twenty /promote arrive at once, spread over the replicas, each with one outcome", async () => {
    const issue = trackingIssue(w).number;
    w.gh.requests.reset();
    w.takeMostConcurrentWrites();
    const acted = await Promise.all(PEOPLE.map((login) => w.gh.as(login).comment(REPO, issue, "/promote")));
    await w.gh.idle();
    expect(acted.flatMap((a) => a.deliveries.map((d) => d.status))).toEqual(PEOPLE.map(() => 200));

    const puts = w.gh.requests.all({ route: PUT_CONTENTS }).filter((r) => r.status === 200);
    expect(puts).toHaveLength(1);
    expect(stateOnMain(w)).toMatchObject({ stage: "beta", percent: 1 });
    expect(stateOnMain(w).history.filter((h) => h.action === "promote")).toHaveLength(1);
    const commands = issueComments(w).filter((c) => c.body === "/promote");
    const outcomes = commands.map((c) => botReactions(c).join());
    expect(outcomes.filter((o) => o === "eyes,rocket")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "confused,eyes")).toHaveLength(19);
    expect(promotionComments(w)).toHaveLength(1);
    const refusals = issueComments(w).filter((c) => c.author === BOT && visibleText(c.body).startsWith("Cannot promote playlist-editor to full (100%)"));
    expect(refusals).toHaveLength(19);
    // Probot's write limiter (one at a time) is shared through Redis: the three replicas, each
    // with commands to answer, never had two writes in flight at once.
    expect(w.takeMostConcurrentWrites()).toBe(1);
  }, 300_000);

  it("finish a job once on another replica when the one working it is SIGKILLed mid-job", async () => {
    const issue = trackingIssue(w).number;
    // omar's tick is committed by whichever replica takes it; that replica dies at its commit.
    const commits = w.replicas.map((r) => r.gate.hold(commitRequest));
    const tick = w.gh.as("omar").tick(REPO, issue, ITEMS.supportReady);
    let victim = -1;
    await eventually("a replica to commit the tick", () => {
      victim = commits.findIndex((c) => c.arrived > 0);
      return victim >= 0;
    });
    await w.kill(victim);
    commits[victim]?.drop();
    commits.forEach((c, i) => i !== victim && c.release());
    await tick;
    await w.gh.idle();

    const approvals = stateOnMain(w).approvals.filter((a) => a.item === "support-ready");
    expect(approvals).toHaveLength(1);
    expect(stateCommits(w).filter((m) => m.includes("support-ready"))).toHaveLength(1);
    expect(ticked(trackingIssue(w).body, ITEMS.supportReady)).toBe(true);
    expect(await undoneDeliveries(w)).toEqual([]);
  }, 120_000);

  it("keep a delivery that keeps failing in the failed set, counted on /metrics and listed by npm run admin -- failed", async () => {
    // A 403 that is no rate limit: no try will do better, so it fails at once.
    const fault = w.gh.faults.inject({ route: "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", actor: w.appActor, status: 403, times: 1 });
    const { value: command, deliveries } = await w.gh.as("rita").comment(REPO, trackingIssue(w).number, "/status");
    await w.gh.idle();
    fault.remove();
    const id = deliveries[0]?.id ?? "";
    expect((await w.appFailed()).map((f) => f.id)).toEqual([id]);
    const live = w.replicas.findIndex((r) => r.alive);
    expect(await w.metrics(live)).toMatch(/^stagegate_delivery_failed_set_size 1$/m);

    const admin = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "app/admin.ts", "failed"], { env: { PATH: process.env.PATH, REDIS_URL: w.redis.url, STAGEGATE_QUEUE_PREFIX: w.prefix }, encoding: "utf8" });
    expect(admin.status).toBe(0);
    expect(admin.stdout).toContain(id);
    expect(admin.stdout).toContain("issue_comment");

    // GitHub's Redeliver runs it again; it goes through now.
    await w.gh.webhooks.redeliver(id);
    await w.gh.idle();
    expect(await w.appFailed()).toEqual([]);
    expect(botReactions(issueComments(w).find((c) => c.id === command.id) ?? command)).toContain("rocket");
  }, 120_000);
});
