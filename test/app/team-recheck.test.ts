// Team membership is read again right before /promote decides, through the App as a real
// server: someone who left the team since ticking no longer counts (the refusal says who and
// which team), and an installation that may not read teams promotes on the recorded approval
// and says which permission would have let it check.
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_PERMISSIONS } from "../../sandbox/github-emulator/index.js";
import { SETTINGS, command, startAppWorld, startRollout, stateOnMain, trackingIssue, type AppWorld } from "./harness.js";

const DAY = 86_400_000;
const TEAM_LIST = "GET /orgs/{org}/teams/{team_slug}/members";
// internal's exit item (No critical bugs) is held by a team here.
const QA_TEAM = SETTINGS.replace("qa-lead:          { users: [quinn] }", "qa-lead:          { teams: [acme/qa] }");

let w: AppWorld;
afterEach(async () => {
  await w.close();
});

async function rolloutWithTeamApproval(options: { members?: boolean } = {}): Promise<void> {
  const permissions = options.members === false ? Object.fromEntries(Object.entries(DEFAULT_PERMISSIONS).filter(([scope]) => scope !== "members")) : undefined;
  w = await startAppWorld({ files: { ".github/stagegate.yml": QA_TEAM }, ...(permissions ? { permissions } : {}) });
  w.emulator.addTeam("acme", "qa", ["quinn"]);
  const at = w.emulator.clock.iso();
  await startRollout(w, {
    approvals: [
      { item: "code-review", stage: null, by: "lee", at },
      { item: "security", stage: null, by: "sam", at },
      { item: "no-critical-bugs", stage: "internal", by: "quinn", at },
    ],
  });
}

const teamReads = () => w.emulator.requests.all().filter((r) => r.route === TEAM_LIST).length;

describe("/promote re-reads the teams it counts on", () => {
  it("refuses an approval by someone who has left the team since, naming who and which team", async () => {
    await rolloutWithTeamApproval();
    // Still baking: nothing to promote, so no team is read.
    expect((await command(w, "pam", "/promote")).reactions).toEqual(["eyes", "confused"]);
    expect(teamReads()).toBe(0);

    w.emulator.removeFromTeam("acme", "qa", "quinn");
    w.emulator.clock.advance(DAY + 60_000);
    const refused = await command(w, "pam", "/promote");
    expect(refused.reactions).toEqual(["eyes", "confused"]);
    expect(refused.reply).toContain("quinn's approval of No critical bugs no longer counts: quinn is not an active member of acme/qa (role qa-lead) any more");
    expect(stateOnMain(w).stage).toBe("internal");
    expect(teamReads()).toBeGreaterThan(0);
    // The tracking issue says the same, so nobody wonders why a ticked box does not count.
    expect(trackingIssue(w).body).toContain("no longer counts");

    // Back in the team (or a current member ticks again): the promotion goes through.
    w.emulator.addTeam("acme", "qa", ["quinn"]);
    const promoted = await command(w, "pam", "/promote");
    expect(promoted.reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w).stage).toBe("beta");
    expect(promoted.reply).not.toContain("members: read");
    expect(w.emulator.requests.violations()).toEqual([]);
  });

  it("promotes on the recorded approval when the installation may not read teams, and says which permission is missing", async () => {
    await rolloutWithTeamApproval({ members: false });
    w.emulator.removeFromTeam("acme", "qa", "quinn");
    w.emulator.clock.advance(DAY + 60_000);
    const promoted = await command(w, "pam", "/promote");
    expect(promoted.reactions).toEqual(["eyes", "rocket"]);
    expect(stateOnMain(w).stage).toBe("beta");
    const note = promoted.replies.find((r) => r.includes("not re-checked"));
    expect(note).toContain("acme/qa (GitHub answered 403)");
    expect(note).toContain("members: read");
  });
});
