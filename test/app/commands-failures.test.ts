// Commands that cannot be carried out as asked, through the App as a real server: rollout files
// that do not read, settings that do not parse, a state file that keeps changing under the
// command, and a rollout that moved while the command was being carried out. Each is answered
// once, with 😕 or 🚀 and words a person can act on, and the state file only changes when the
// answer says so.
import { describe, expect, it } from "vitest";
import { serializeState } from "../../core/state/serialize-state.js";
import { eventually } from "../eventually.js";
import { gate } from "../gate.js";
import { type AppWorld, command as commandAs, comments, eachWithStartedRollout, PLAN_PATH, REPO, STATE_PATH, stateOnMain, trackingIssue } from "./harness.js";

const PUT_CONTENTS = "PUT /repos/{owner}/{repo}/contents/{path}";
const DAY = 86_400_000;

let w: AppWorld;
eachWithStartedRollout((world) => (w = world));

const command = (login: string, body: string) => commandAs(w, login, body);

async function breakOnMain(path: string, text: string) {
  await w.emulator.as("ada").push(REPO, "main", { [path]: text });
  await w.emulator.idle();
}

describe("commands on an issue that is not a tracking issue", () => {
  it("are ignored when the issue only quotes a tracking issue's marker in code", async () => {
    const quoted = "The tracking issue starts with\n\n```\n<!-- stagegate:rollout playlist-editor -->\n```\n";
    const { value: issue } = await w.emulator.as("pam").openIssue(REPO, { title: "How do tracking issues work?", body: quoted });
    const { value: comment } = await w.emulator.as("pam").comment(REPO, issue.number, "/pause is this a command?");
    await w.emulator.idle();
    expect(comment.reactions).toEqual([]);
    expect(comments(w, issue.number).map((c) => c.author)).toEqual(["pam"]);
    expect(stateOnMain(w).status).toBe("progressing");
  });
});

describe("commands on a rollout whose files do not read", () => {
  it("/status says what to fix in the plan", async () => {
    await breakOnMain(PLAN_PATH, "stages: [ {name: oops");
    const { reactions, reply } = await command("rita", "/status");
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(reply).toContain("playlist-editor has no status to show yet:");
    expect(reply).toContain(`- \`${PLAN_PATH}:1:`);
  });

  it("/promote changes nothing and says which file to fix", async () => {
    await breakOnMain(PLAN_PATH, "stages: [ {name: oops");
    const before = w.emulator.readFile(REPO, STATE_PATH);
    const { reactions, reply } = await command("pam", "/promote");
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("Nothing was changed: `/promote` needs readable rollout files.");
    expect(reply).toContain(`- \`${PLAN_PATH}:1:`);
    expect(w.emulator.readFile(REPO, STATE_PATH)).toBe(before);
  });

  it("with settings that do not parse, only repository permission authorizes (roles are unknown), and a rollback still works", async () => {
    await breakOnMain(".github/stagegate.yml", "roles:\n  qa-lead: { users: quinn }\n");
    // omar may pause through his team's role, which cannot be read now; he has only read access.
    const refused = await command("omar", "/pause support tickets spiking");
    expect(refused.reactions).toEqual(["eyes", "confused"]);
    expect(refused.reply).toContain("Sorry @omar");
    expect(stateOnMain(w).status).toBe("progressing");
    // pam has write access, which needs no settings.
    const rolledBack = await command("pam", "/rollback support tickets spiking");
    expect(rolledBack.reactions).toEqual(["eyes", "rocket"]);
    expect(rolledBack.reply).toContain("**Rolled back**");
    expect(stateOnMain(w).status).toBe("rolled-back");
  });
});

describe("commands whose commit meets other commits", () => {
  it("give up after the state file kept changing, change nothing, and ask to try again", async () => {
    const conflicts = w.emulator.faults.inject({ route: PUT_CONTENTS, status: 409, times: 5 });
    const { reactions, reply } = await command("pam", "/pause support tickets spiking");
    expect(conflicts.hits).toBe(5);
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("The state file kept changing while this was being applied (5 attempts); nothing was changed. Try again in a moment.");
    expect(stateOnMain(w).status).toBe("progressing");
  });

  /** Holds the App's next commit until `meanwhile` has run, then lets it meet what that did. */
  async function commandOvertaken(login: string, body: string, meanwhile: () => void) {
    const held = gate();
    const hold = w.emulator.faults.inject({ route: PUT_CONTENTS, gate: held.opened, times: 1 });
    const issue = trackingIssue(w).number;
    const before = comments(w, issue).length;
    // A person's comment resolves once the App has worked it, so it is awaited only after the gate opens.
    const commented = w.emulator.as(login).comment(REPO, issue, body);
    await eventually("the App's commit to arrive", () => hold.hits === 1);
    meanwhile();
    held.open();
    const { value: comment } = await commented;
    await w.emulator.idle();
    const replies = comments(w, issue).slice(before).filter((c) => c.author === "stagegate[bot]").map((c) => c.body);
    return { reactions: comment.reactions.filter((r) => r.user === "stagegate[bot]").map((r) => r.content), reply: replies.join("\n\n") };
  }

  it("decide again on a stage the clock moved to meanwhile, and say who moved it", async () => {
    await w.emulator.as("quinn").tick(REPO, trackingIssue(w).number, "exit/internal/no-critical-bugs");
    await w.emulator.idle();
    w.emulator.clock.advance(DAY + 60_000);
    // The clock (the Action) promotes first.
    const { reactions, reply } = await commandOvertaken("pam", "/promote", () => {
      const state = stateOnMain(w);
      const at = w.emulator.clock.iso();
      const promoted = { ...state, stage: "beta", percent: 1, entered: at, history: [...state.history, { at, action: "promote" as const, from: "internal", to: "beta", by: "stagegate", reason: "every exit item is in" }] };
      w.emulator.commitThroughApi(REPO, { [STATE_PATH]: serializeState(promoted, null) }, "playlist-editor: promote to beta");
    });
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("Meanwhile the rollout moved from internal to beta (1%) (promote by stagegate), so this command was decided again on the new stage.");
    expect(stateOnMain(w).history.filter((h) => h.action === "promote")).toHaveLength(1);
  });

  it("decide again on a state file someone changed by hand meanwhile, and hold it", async () => {
    // ada edits the state file in the browser.
    const { reactions, reply } = await commandOvertaken("pam", "/pause support tickets spiking", () => {
      w.emulator.commitThroughApi(REPO, { [STATE_PATH]: serializeState({ ...stateOnMain(w), stage: "beta", percent: 1 }, null) }, "Skip to beta", "ada");
    });
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("Meanwhile the rollout moved from internal to beta (1%), so this command was decided again on the new stage.");
    expect(reply).toContain("**Held**");
    expect(stateOnMain(w)).toMatchObject({ stage: "beta", status: "paused" });
  });
});

describe("commands whose answer was cut short, then tried again by the App's queue", () => {
  const REACTION = "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions";
  const COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
  const READ_FILE = "GET /repos/{owner}/{repo}/contents/{path}";

  it("a command answered before its final reaction failed only gets the reaction", async () => {
    // Another command's answer is on the issue too: the retry tells the two apart.
    await command("rita", "/status");
    // 👀 goes through; the final reaction fails once.
    const fault = w.emulator.faults.inject({ route: REACTION, status: 502, times: 1, skip: 1 });
    const { reactions, replies } = await command("rita", "/promote");
    expect(fault.hits).toBe(1);
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("Sorry @rita");
  });

  it("a /promote whose announcement failed after its commit is announced on the next try, once", async () => {
    await w.emulator.as("quinn").tick(REPO, trackingIssue(w).number, "exit/internal/no-critical-bugs");
    await w.emulator.idle();
    w.emulator.clock.advance(DAY + 60_000);
    const fault = w.emulator.faults.inject({ route: COMMENT, status: 502, times: 1 });
    const { reactions, replies } = await command("pam", "/promote");
    expect(fault.hits).toBe(1);
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("**Promoted**");
    expect(stateOnMain(w).history.filter((h) => h.action === "promote")).toHaveLength(1);
  });

  it("a command that failed right after 👀 is answered once on the next try", async () => {
    const fault = w.emulator.faults.inject({ route: READ_FILE, status: 502, times: 1 });
    const { reactions, replies } = await command("rita", "/status");
    expect(fault.hits).toBe(1);
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("stage **internal** at 0%");
  });
});
