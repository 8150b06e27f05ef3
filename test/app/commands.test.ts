// Flow 5 against the emulator: commands in comments on the tracking issue, each authorized,
// acknowledged with reactions and answered, with the App as a real server.
import { describe, expect, it } from "vitest";
import { deliveryHeaders } from "../../sandbox/github-emulator/webhooks.js";
import type { Delivery } from "../../sandbox/github-emulator/index.js";
import { anotherAppInstance, type AppWorld, command as commandAs, comments, eachWithStartedRollout, PLAN_PATH, REPO, stateOnMain, trackingIssue } from "./harness.js";

let w: AppWorld;
eachWithStartedRollout((world) => (w = world));

const DAY = 86_400_000;

const command = (login: string, body: string) => commandAs(w, login, body);

/** Meets everything the first promotion waits for: the exit item and the 1d bake. */
async function makeEligible() {
  await w.emulator.as("quinn").tick(REPO, trackingIssue(w).number, "exit/internal/no-critical-bugs");
  await w.emulator.idle();
  w.emulator.clock.advance(DAY + 60_000);
}

describe("commands anyone may use", () => {
  it("/help answers with the help text", async () => {
    const { reactions, reply } = await command("rita", "/help");
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(reply).toContain("### stagegate commands");
  });

  it("an unknown command gets the help text and 😕", async () => {
    const { reactions, reply } = await command("rita", "/deploy now");
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("`/deploy now` is not a stagegate command");
    expect(reply).toContain("### stagegate commands");
  });

  it("/status shows the stage and what the next promotion waits for", async () => {
    const { reactions, reply } = await command("rita", "/status");
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(reply).toContain("stage **internal** at 0%");
    expect(reply).toContain("No critical bugs");
  });

  it("ignores commands on issues that are not tracking issues", async () => {
    const { value: other } = await w.emulator.as("pam").openIssue(REPO, { title: "Bug: playlists vanish", body: "Steps to reproduce…" });
    const { value: comment } = await w.emulator.as("pam").comment(REPO, other.number, "/rollback to 0 playlists vanish");
    await w.emulator.idle();
    expect(comment.reactions).toEqual([]);
    expect(comments(w, other.number).map((c) => c.author)).toEqual(["pam"]);
    expect(stateOnMain(w).status).toBe("progressing");
  });

  it("ignores commands inside quotes and code, and comments without commands", async () => {
    const { reactions, replies } = await command("quinn", "> /rollback to 0 quoted\n\n```\n/pause shown\n```\nthanks!");
    expect(reactions).toEqual([]);
    expect(replies).toEqual([]);
  });
});

describe("commands that change the rollout", () => {
  it("/promote says exactly what is missing when the rollout is not eligible", async () => {
    const { reactions, reply } = await command("pam", "/promote");
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("No critical bugs");
    expect(reply).toMatch(/bake/i);
    expect(stateOnMain(w).stage).toBe("internal");
  });

  it("/promote promotes an eligible rollout in one commit", async () => {
    await makeEligible();
    const { reactions, reply } = await command("pam", "/promote");
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w)).toMatchObject({ stage: "beta", percent: 1, status: "progressing" });
    expect(stateOnMain(w).history.at(-1)).toMatchObject({ action: "promote", from: "internal", to: "beta", by: "pam" });
    expect(reply).toContain("beta");
    expect(trackingIssue(w).body).toContain("**Stage:** beta (1%)");
  });

  it("refuses /promote from someone with neither write access nor a role", async () => {
    await makeEligible();
    const { reactions, reply } = await command("rita", "/promote");
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("Sorry @rita");
    expect(reply).toContain("write access");
    expect(stateOnMain(w).stage).toBe("internal");
  });

  it("lets a role holder without write access pause and resume", async () => {
    const paused = await command("omar", "/pause support tickets spiking");
    expect(paused.reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w)).toMatchObject({ status: "paused", resumeTo: "progressing" });
    const resumed = await command("sam", "/resume");
    expect(resumed.reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w).status).toBe("progressing");
  });

  it("repeats a reason in its reply without letting it mention anyone", async () => {
    await command("omar", "/pause @pam and @acme/sre said so");
    expect(stateOnMain(w).status).toBe("paused");
    const { reply } = await command("quinn", "/promote");
    expect(reply).toContain("said so");
    expect(reply).not.toMatch(/(^|[^\u200d])@pam/);
    expect(reply).not.toMatch(/@acme\/sre/);
  });

  it("reserves /promote --force for promoters and admins", async () => {
    await makeEligible();
    const refused = await command("pam", "/promote --force metrics are down, checked by hand");
    expect(refused.reactions).toEqual(["eyes", "confused"]);
    expect(refused.reply).toContain("@acme/release-managers");
    expect(refused.reply).toContain("admins");
    expect(stateOnMain(w).stage).toBe("internal");

    const forced = await command("rel", "/promote --force metrics are down, checked by hand");
    expect(forced.reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w).history.at(-1)).toMatchObject({ action: "force-promote", by: "rel", to: "beta" });
  });

  it("/rollback takes effect in one commit, gates and calendar notwithstanding", async () => {
    await makeEligible();
    await command("pam", "/promote");
    const commits = w.emulator.requests.count({ route: "PUT /repos/{owner}/{repo}/contents/{path}" });
    const { reactions } = await command("quinn", "/rollback to 0 save errors rising");
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w)).toMatchObject({ stage: "internal", percent: 0, status: "rolled-back" });
    expect(w.emulator.requests.count({ route: "PUT /repos/{owner}/{repo}/contents/{path}" })).toBe(commits + 1);
  });

  it("/rollback still works when the plan on the default branch is broken, to 0%, and says so", async () => {
    await makeEligible();
    await command("pam", "/promote");
    await w.emulator.as("ada").push(REPO, "main", { [PLAN_PATH]: "stages: [ {name: oops" });
    await w.emulator.idle();
    const { reactions, reply } = await command("quinn", "/rollback to beta the editor loses playlists");
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w)).toMatchObject({ stage: "beta", percent: 0, status: "rolled-back" });
    expect(reply).toContain("does not parse");
    expect(reply).toContain("0%");
  });

  it("refuses /rollback from someone with neither write access nor a role, naming who may", async () => {
    const { reactions, reply } = await command("rita", "/rollback everything is on fire");
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("engineering-lead, security-lead, qa-lead, operations-lead");
    expect(stateOnMain(w).status).toBe("progressing");
  });

  it("refuses a command written wrongly, saying how to write it", async () => {
    const { reactions, reply } = await command("quinn", "/pause");
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("`/pause <reason>`");
  });
});

describe("redeliveries and races", () => {
  it("a redelivered comment webhook is not answered twice, even by a restarted App", async () => {
    await makeEligible();
    const { replies } = await command("pam", "/promote");
    expect(replies).toHaveLength(1);
    const delivery = w.emulator.webhooks.deliveries({ event: "issue_comment", action: "created" }).find((d) => (d.payload.comment as { body: string }).body === "/promote");
    const issue = trackingIssue(w).number;
    const answered = comments(w, issue).length;

    await w.emulator.webhooks.redeliver(delivery?.id ?? "");
    await w.emulator.idle();
    expect(comments(w, issue)).toHaveLength(answered);
    // A restarted App has forgotten every delivery id: the App's reactions must stop it.
    const restarted = await anotherAppInstance(w);
    await restarted.receive(delivery as Delivery);
    await w.emulator.idle();
    expect(comments(w, issue)).toHaveLength(answered);
    expect(stateOnMain(w).history.filter((h) => h.action === "promote")).toHaveLength(1);
  });

  it("two /promote comments at the same moment promote exactly once", async () => {
    await makeEligible();
    const issue = trackingIssue(w).number;
    w.emulator.webhooks.hold();
    await w.emulator.as("pam").comment(REPO, issue, "/promote");
    await w.emulator.as("quinn").comment(REPO, issue, "/promote");
    const held = w.emulator.webhooks.heldDeliveries().filter((d) => d.event === "issue_comment");
    expect(held).toHaveLength(2);
    w.emulator.requests.reset();
    // Both reach the server at once, bypassing the emulator's one-by-one release.
    const answers = await Promise.all(held.map((d) => fetch(w.server?.webhookUrl ?? "", { method: "POST", headers: deliveryHeaders(d), body: d.body })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await w.emulator.idle();
    const state = stateOnMain(w);
    // Both were acknowledged at once, then worked one after the other (one rollout): the first
    // committed, the second was decided on the promoted state and refused without a commit.
    expect(w.emulator.requests.all({ route: "PUT /repos/{owner}/{repo}/contents/{path}" }).map((r) => r.status)).toEqual([200]);
    expect(state).toMatchObject({ stage: "beta", percent: 1 });
    expect(state.history.filter((h) => h.action === "promote")).toHaveLength(1);
    const commentsWithReactions = comments(w, issue).filter((c) => c.body === "/promote").map((c) => c.reactions.filter((r) => r.user === "stagegate[bot]").map((r) => r.content).sort());
    expect(commentsWithReactions.sort()).toEqual([
      ["confused", "eyes"],
      ["eyes", "rocket"],
    ]);
  });
});
