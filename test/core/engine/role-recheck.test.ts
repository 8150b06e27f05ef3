// Approvals are re-checked against the roles just before a promotion: listed users against the
// settings on the default branch always, team members against the teams the caller re-read.
import { describe, expect, it } from "vitest";
import type { Blocker } from "../../../core/decisions.js";
import { eligibility, evaluate, promote, start, teamsToRecheck, unreadTeamsNote } from "../../../core/engine/index.js";
import { initialState } from "../../../core/engine/start.js";
import type { Approval, Plan } from "../../../core/model.js";
import { DAY, MONDAY_10AM, SIGNED_OFF, ctx, plan, settings, state } from "./fixtures.js";

// internal's exit item is held by a team: operations-lead is acme/sre.
const SRE_EXIT: Plan = plan({ stages: plan().stages.map((s) => (s.name === "internal" ? { ...s, exit: [{ id: "dashboards", title: "Dashboards ready", role: "operations-lead" }] } : s)) });
const BY_OLIVIA: Approval = { item: "dashboards", stage: "internal", by: "olivia", at: "2026-12-01T10:00:00Z" };
const BAKED = state("internal", MONDAY_10AM - 8 * DAY, { approvals: [...SIGNED_OFF, BY_OLIVIA] });

const lapsed = (blockers: Blocker[]) => blockers.filter((b) => b.kind === "role-lapsed");

describe("which teams are re-read before a promotion", () => {
  it("the teams of the roles whose approvals the promotion counts on, once nothing else holds it", () => {
    expect(teamsToRecheck(ctx(BAKED, MONDAY_10AM, { plan: SRE_EXIT }))).toEqual(["acme/sre"]);
  });

  it("none while anything but gates still holds the rollout: a run with nothing to promote reads no team", () => {
    const baking = state("internal", MONDAY_10AM - 2 * DAY, { approvals: [...SIGNED_OFF, BY_OLIVIA] });
    expect(teamsToRecheck(ctx(baking, MONDAY_10AM, { plan: SRE_EXIT }))).toEqual([]);
    expect(teamsToRecheck(ctx({ ...BAKED, status: "paused", resumeTo: "progressing" }, MONDAY_10AM, { plan: SRE_EXIT }))).toEqual([]);
    expect(teamsToRecheck(ctx(BAKED, MONDAY_10AM, { plan: SRE_EXIT, handEdit: { commit: "1a2b3c4d", author: "pam", message: "edit" } }))).toEqual([]);
  });

  it("still when only gates hold it, since /promote --force bypasses them", () => {
    expect(teamsToRecheck(ctx(BAKED, MONDAY_10AM, { plan: SRE_EXIT, facts: { metrics: {} } }))).toEqual(["acme/sre"]);
  });

  it("none when the approvers are listed by name", () => {
    // internal's exit is qa-lead, users quinn and qiu.
    expect(teamsToRecheck(ctx(state("internal", MONDAY_10AM - 8 * DAY), MONDAY_10AM))).toEqual([]);
  });

  it("before the start, the sign-off's teams", () => {
    const waiting = initialState(plan(), new Date(MONDAY_10AM), SIGNED_OFF);
    expect(teamsToRecheck(ctx(waiting, MONDAY_10AM))).toEqual(["acme/eng-leads"]);
  });
});

describe("an approval by someone no longer in the team", () => {
  it("does not count: the promotion is refused, saying who and which team", () => {
    const c = ctx(BAKED, MONDAY_10AM, { plan: SRE_EXIT, teamMembers: { "acme/sre": [] } });
    const e = eligibility(c);
    expect(e.eligible).toBe(false);
    expect(lapsed(e.blockers)).toEqual([
      {
        kind: "role-lapsed",
        item: "dashboards",
        stage: "internal",
        role: "operations-lead",
        by: "olivia",
        teams: ["acme/sre"],
        message: "olivia's approval of Dashboards ready no longer counts: olivia is not an active member of acme/sre (role operations-lead) any more; someone who holds the role unticks it and ticks it again",
      },
    ]);
    const refused = promote(c, { by: "pam", force: null });
    expect(refused.effects).toEqual([]);
    expect(refused.outcome).toMatchObject({ done: false, refusal: { kind: "blocked", blockers: expect.arrayContaining([expect.objectContaining({ kind: "role-lapsed", by: "olivia" })]) } });
    // --force bypasses gates, never people's decisions.
    expect(promote(c, { by: "pam", force: { reason: "metrics are down" } }).outcome.done).toBe(false);
    expect(evaluate(c).outcome.done).toBe(false);
  });

  it("counts while they are still an active member (names compared without case)", () => {
    const c = ctx(BAKED, MONDAY_10AM, { plan: SRE_EXIT, teamMembers: { "acme/sre": ["Olivia"] } });
    expect(eligibility(c).eligible).toBe(true);
    expect(promote(c, { by: "stagegate", force: null }).state.stage).toBe("beta");
  });

  it("stands as recorded when the team was not read (the token may not read it)", () => {
    expect(eligibility(ctx(BAKED, MONDAY_10AM, { plan: SRE_EXIT })).eligible).toBe(true);
    expect(eligibility(ctx(BAKED, MONDAY_10AM, { plan: SRE_EXIT, teamMembers: { "acme/other": [] } })).eligible).toBe(true);
  });

  it("counts when any of the role's teams still has them", () => {
    const twoTeams = settings({ roles: { ...settings().roles, "operations-lead": { users: [], teams: ["acme/sre", "acme/oncall"] } } });
    const c = (members: Record<string, string[]>) => ctx(BAKED, MONDAY_10AM, { plan: SRE_EXIT, settings: twoTeams, teamMembers: members });
    expect(eligibility(c({ "acme/sre": [], "acme/oncall": ["olivia"] })).eligible).toBe(true);
    // One team unread: it may still have them.
    expect(eligibility(c({ "acme/sre": [] })).eligible).toBe(true);
    expect(lapsed(eligibility(c({ "acme/sre": [], "acme/oncall": [] })).blockers)).toEqual([expect.objectContaining({ by: "olivia", teams: ["acme/sre", "acme/oncall"], message: expect.stringContaining("not an active member of acme/sre or acme/oncall") })]);
  });

  it("holds the start too", () => {
    const waiting = initialState(plan(), new Date(MONDAY_10AM), SIGNED_OFF);
    const c = ctx(waiting, MONDAY_10AM, { teamMembers: { "acme/eng-leads": ["lee"] } });
    const refused = start(c);
    expect(refused.effects).toEqual([]);
    expect(lapsed(eligibility(c).blockers)).toEqual([expect.objectContaining({ item: "code-review", stage: null, by: "erin", teams: ["acme/eng-leads"] })]);
    expect(start(ctx(waiting, MONDAY_10AM, { teamMembers: { "acme/eng-leads": ["erin"] } })).outcome.done).toBe(true);
  });
});

describe("an approval by a listed user", () => {
  it("is checked against the settings on the default branch every time, no team read needed", () => {
    const s = state("internal", MONDAY_10AM - 8 * DAY);
    const quinnGone = settings({ roles: { ...settings().roles, "qa-lead": { users: ["qiu"], teams: [] } } });
    const e = eligibility(ctx(s, MONDAY_10AM, { settings: quinnGone }));
    expect(e.eligible).toBe(false);
    expect(lapsed(e.blockers)).toEqual([
      expect.objectContaining({ item: "no-critical-bugs", role: "qa-lead", by: "quinn", teams: [], message: "quinn's approval of No critical bugs no longer counts: quinn does not hold the role qa-lead in the settings on the default branch; someone who holds the role unticks it and ticks it again" }),
    ]);
  });
});

describe("the note when a team could not be read", () => {
  it("names the teams and the missing permission in one line", () => {
    expect(unreadTeamsNote([])).toBeNull();
    const note = unreadTeamsNote([{ team: "acme/sre", status: 404 }]);
    expect(note).toContain("acme/sre (GitHub answered 404)");
    expect(note).toContain("members: read");
    expect(note).not.toContain("\n");
  });
});
