// A state file changed by hand on the default branch, through the App as a real server: the
// rollout holds (paused, with the commit and its author said on the tracking issue), rollback
// stays open, `/resume` accepts the edit, and an approval that no role holder gave never counts.
import { describe, expect, it } from "vitest";
import { serializeState } from "../../core/state/serialize-state.js";
import { type AppWorld, command as commandAs, eachWithStartedRollout, REPO, STATE_PATH, stateOnMain, trackingIssue } from "./harness.js";

const EXIT_ITEM = "exit/internal/no-critical-bugs";

let w: AppWorld;
eachWithStartedRollout((world) => (w = world));

const DAY = 86_400_000;

const command = (login: string, body: string) => commandAs(w, login, body);

async function handEdit(change: (state: ReturnType<typeof stateOnMain>) => ReturnType<typeof stateOnMain>, web = false) {
  const { value } = await w.emulator.as("ada").push(REPO, "main", { [STATE_PATH]: serializeState(change(stateOnMain(w)), null) }, "Skip to beta", { web });
  await w.emulator.idle();
  return value.sha.slice(0, 7);
}

describe("a state file changed by hand", () => {
  it.each([
    ["pushed with git", false],
    ["edited in the browser", true],
  ])("%s holds the rollout, says which commit and who, and /resume after review accepts it", async (_how, web) => {
    const sha = await handEdit((s) => ({ ...s, stage: "beta", percent: 1 }), web);
    const held = await command("pam", "/promote");
    expect(held.reactions).toEqual(["eyes", "confused"]);
    expect(held.reply).toContain("**Held**");
    expect(held.reply).toContain(`changed by ada in ${sha}`);
    expect(stateOnMain(w)).toMatchObject({ stage: "beta", status: "paused", resumeTo: "progressing" });
    expect(stateOnMain(w).history.at(-1)).toMatchObject({ action: "pause", by: "stagegate" });
    expect(trackingIssue(w).body).toContain(sha);

    // Still held: nothing promotes until a person decides.
    w.emulator.clock.advance(3 * DAY);
    expect((await command("pam", "/promote")).reactions).toEqual(["eyes", "confused"]);
    expect(stateOnMain(w).stage).toBe("beta");

    const accepted = await command("ada", "/resume");
    expect(accepted.reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w)).toMatchObject({ stage: "beta", status: "progressing" });
    expect((await command("pam", "/promote")).reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w).stage).toBe("full");
  });

  it("still rolls back at once", async () => {
    await handEdit((s) => ({ ...s, stage: "beta", percent: 1 }));
    const { reactions } = await command("pam", "/rollback to internal the numbers look wrong");
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w)).toMatchObject({ stage: "internal", percent: 0, status: "rolled-back" });
  });

  // The App reads its own last write back without a request (port/committed-files.ts), but who
  // made the file as it is now is asked every time: the content alone cannot say.
  it("is held even when it puts back, byte for byte, the file the App itself last wrote", async () => {
    await w.emulator.as("quinn").tick(REPO, trackingIssue(w).number, EXIT_ITEM);
    await w.emulator.idle();
    const own = w.emulator.readFile(REPO, STATE_PATH) ?? "";
    expect(own).toContain("no-critical-bugs");
    await handEdit((s) => ({ ...s, stage: "beta", percent: 1 }));
    const { value: restore } = await w.emulator.as("ada").push(REPO, "main", { [STATE_PATH]: own }, "Put it back");
    await w.emulator.idle();
    expect(w.emulator.readFile(REPO, STATE_PATH)).toBe(own);

    const held = await command("pam", "/promote");
    expect(held.reply).toContain("**Held**");
    expect(held.reply).toContain(`changed by ada in ${restore.sha.slice(0, 7)}`);
    expect(stateOnMain(w)).toMatchObject({ stage: "internal", status: "paused" });
  });

  it("is held when it puts back an older write of the App over a later commit of the Action", async () => {
    await w.emulator.as("quinn").tick(REPO, trackingIssue(w).number, EXIT_ITEM);
    await w.emulator.idle();
    const approved = w.emulator.readFile(REPO, STATE_PATH) ?? "";
    // The Action rolls back through the API; then someone undoes the rollback by hand.
    w.emulator.commitThroughApi(REPO, { [STATE_PATH]: serializeState({ ...stateOnMain(w), status: "rolled-back" }, null) }, "playlist-editor: roll back");
    const { value: undo } = await w.emulator.as("ada").push(REPO, "main", { [STATE_PATH]: approved }, "Undo the rollback");
    await w.emulator.idle();

    const held = await command("pam", "/promote");
    expect(held.reply).toContain("**Held**");
    expect(held.reply).toContain(`changed by ada in ${undo.sha.slice(0, 7)}`);
    expect(stateOnMain(w).status).toBe("paused");
  });

  it("never counts an approval by someone who does not hold the item's role, even once the edit is accepted", async () => {
    await handEdit((s) => ({ ...s, approvals: [...s.approvals, { item: "no-critical-bugs", stage: "internal", by: "mallory", at: s.entered }] }));
    expect((await command("ada", "/resume")).reactions).toEqual(["eyes", "rocket"]);
    w.emulator.clock.advance(DAY + 60_000);
    const { reactions, reply } = await command("pam", "/promote");
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(reply).toContain("No critical bugs");
    expect(stateOnMain(w).stage).toBe("internal");
  });
});
