import { describe, expect, it } from "vitest";
import { parseCommands } from "../../core/commands.js";
import type { TickChange } from "../../core/markdown/tick-diff.js";
import {
  authorizeCommand,
  holdsRole,
  judgeTick,
  needsPermission,
  refusalText,
  requirementOf,
  teamsToCheck,
  tickRefusalText,
  tickTeamsToCheck,
  whoMay,
  type RepoPermission,
} from "../../core/permissions.js";
import { plan, settings } from "./engine/fixtures.js";

describe("holdsRole", () => {
  const qa = { users: ["quinn", "QIU"], teams: ["acme/QA-Leads"] };
  it.each([
    ["a listed user", "quinn", [], true],
    ["a listed user, whatever the case", "Qiu", [], true],
    ["an active member of a listed team, whatever the case", "tess", ["ACME/qa-leads"], true],
    ["someone else", "mallory", [], false],
    ["a member of another team", "mallory", ["acme/sre"], false],
    ["a team of the same slug in another org", "mallory", ["evil/qa-leads"], false],
  ])("%s: %s", (_name, login, teams, expected) => {
    expect(holdsRole(qa, login, teams)).toBe(expected);
  });
});

describe("whoMay", () => {
  const s = settings({
    roles: {
      ...settings().roles,
      "release-captain": { users: ["pam", "rio"], teams: ["acme/sre", "acme/leads"] },
      empty: { users: [], teams: [] },
    },
  });
  it.each([
    ["qa-lead", "@quinn or @qiu"],
    ["security-lead", "@sam"],
    ["operations-lead", "a member of @acme/sre"],
    ["release-captain", "@pam, @rio or a member of @acme/sre or @acme/leads"],
    ["empty", "nobody yet: the role empty has no users or teams in .github/stagegate.yml"],
    ["ghost", "nobody yet: the role ghost is not defined in .github/stagegate.yml"],
  ])("%s → %s", (role, expected) => {
    expect(whoMay(s, role)).toBe(expected);
  });
});

const command = (text: string) => {
  const [parsed] = parseCommands(text);
  if (parsed === undefined) throw new Error(`no command in ${text}`);
  return parsed;
};

describe("who may run which command", () => {
  const s = settings();
  it.each([
    ["/status", "anyone"],
    ["/help", "anyone"],
    ["/frobnicate", "anyone"],
    ["/pause", "anyone"],
    ["/promote", "write-or-role"],
    ["/rollback to beta bad", "write-or-role"],
    ["/pause for now", "write-or-role"],
    ["/resume", "write-or-role"],
    ["/promote --force metrics are down", "promoter-or-admin"],
  ])("%s needs %s", (text, requirement) => {
    expect(requirementOf(command(text))).toBe(requirement);
    expect(needsPermission(requirementOf(command(text)))).toBe(requirement !== "anyone");
  });

  it.each<[string, "write-or-role" | "promoter-or-admin", string, RepoPermission, string[], string]>([
    ["write access", "write-or-role", "wes", "write", [], "allowed"],
    ["admin", "write-or-role", "ada", "admin", [], "allowed"],
    ["a role by name, read access only", "write-or-role", "QUINN", "read", [], "allowed"],
    ["a role through an active team", "write-or-role", "olivia", "read", ["acme/sre"], "allowed"],
    ["no role, read access", "write-or-role", "mallory", "read", [], "needs-write-or-role"],
    ["a promoter team member", "promoter-or-admin", "rita", "read", ["acme/release-managers"], "allowed"],
    ["an admin forcing", "promoter-or-admin", "ada", "admin", [], "allowed"],
    ["write access is not enough to force", "promoter-or-admin", "wes", "write", [], "needs-promoter"],
    ["a role holder is not a promoter", "promoter-or-admin", "quinn", "write", ["acme/sre"], "needs-promoter"],
  ])("%s: %s", (_name, requirement, login, permission, activeTeams, kind) => {
    expect(authorizeCommand(s, requirement, { login, permission, activeTeams }).kind).toBe(kind);
  });

  it("lets anyone ask for the status without looking anything up", () => {
    expect(authorizeCommand(s, "anyone", { login: "x", permission: null, activeTeams: [] })).toEqual({ kind: "allowed" });
    expect(teamsToCheck(s, "anyone", "x", null)).toEqual([]);
  });

  it("asks GitHub about team memberships only when they could change the answer", () => {
    expect(teamsToCheck(s, "write-or-role", "wes", "write")).toEqual([]);
    expect(teamsToCheck(s, "write-or-role", "quinn", "read")).toEqual([]);
    expect(teamsToCheck(s, "write-or-role", "mallory", "read")).toEqual(["acme/eng-leads", "acme/sre"]);
    expect(teamsToCheck(s, "promoter-or-admin", "wes", "write")).toEqual(["acme/release-managers"]);
    expect(teamsToCheck(s, "promoter-or-admin", "ada", "admin")).toEqual([]);
  });

  it("refuses politely, naming who may", () => {
    const force = authorizeCommand(s, "promoter-or-admin", { login: "wes", permission: "write", activeTeams: [] });
    if (force.kind === "allowed") throw new Error("expected a refusal");
    expect(refusalText(force, "`/promote --force`")).toBe(
      "Sorry @wes, `/promote --force` is reserved for the promoters (a member of @acme/release-managers) and repository admins. Without `--force`, `/promote` is open to anyone with write access or a role.",
    );
    const none = authorizeCommand(settings({ roles: {}, promoters: { users: [], teams: [] } }), "promoter-or-admin", { login: "wes", permission: "write", activeTeams: [] });
    if (none.kind === "allowed") throw new Error("expected a refusal");
    expect(refusalText(none, "`/promote --force`")).toContain("is reserved for repository admins.");
    const pause = authorizeCommand(settings({ roles: {} }), "write-or-role", { login: "mallory", permission: "read", activeTeams: [] });
    if (pause.kind === "allowed") throw new Error("expected a refusal");
    expect(refusalText(pause, "`/pause`")).toBe("Sorry @mallory, `/pause` needs write access to this repository or a role in `.github/stagegate.yml` (no roles are defined yet).");
  });
});

describe("who may tick which item", () => {
  const s = settings();
  const p = plan();
  const signoff = (checked: boolean): TickChange => ({ key: "code-review", ref: { kind: "signoff", id: "code-review" }, checked });
  const exit: TickChange = { key: "internal/no-critical-bugs", ref: { kind: "exit", stage: "internal", id: "no-critical-bugs" }, checked: true };
  const gone: TickChange = { key: "old", ref: { kind: "signoff", id: "old" }, checked: true };

  it("accepts a tick by a holder of the item's role, before and after the start", () => {
    expect(judgeTick(s, p, "before-start", signoff(true), { login: "erin", activeTeams: ["acme/eng-leads"] }).kind).toBe("accepted");
    expect(judgeTick(s, p, "started", exit, { login: "Quinn", activeTeams: [] }).kind).toBe("accepted");
  });

  it("refuses anyone else, and says who may", () => {
    const verdict = judgeTick(s, p, "started", signoff(false), { login: "mallory", activeTeams: ["acme/sre"] });
    expect(tickRefusalText(verdict)).toBe("**Code review completed** needs the engineering-lead role: only a member of @acme/eng-leads may untick it. I ticked it again.");
    expect(tickRefusalText(judgeTick(s, p, "started", signoff(true), { login: "mallory", activeTeams: [] }))).toContain("may tick it. I unticked it again.");
  });

  it("refuses an exit item before the start, even from its role holder", () => {
    const verdict = judgeTick(s, p, "before-start", exit, { login: "quinn", activeTeams: [] });
    expect(verdict.kind).toBe("exit-before-start");
    expect(tickRefusalText(verdict)).toBe("**No critical bugs** is an exit item of stage internal: it can be ticked once the rollout has started. I put the box back.");
  });

  it("refuses an item the plan no longer has", () => {
    expect(tickRefusalText(judgeTick(s, p, "started", gone, { login: "quinn", activeTeams: [] }))).toBe("old is not an item of the plan any more; I put the box back.");
    expect(tickRefusalText(judgeTick(s, p, "started", exit, { login: "quinn", activeTeams: [] }))).toBeNull();
  });

  it("refuses an item whose role the settings do not define", () => {
    const verdict = judgeTick(settings({ roles: {} }), p, "started", exit, { login: "quinn", activeTeams: [] });
    expect(verdict).toMatchObject({ kind: "not-role-holder", whoMay: "nobody yet: the role qa-lead is not defined in .github/stagegate.yml" });
  });

  it("looks memberships up only for a role's teams, and not for someone listed by name", () => {
    expect(tickTeamsToCheck(s, p, signoff(true), "erin")).toEqual(["acme/eng-leads"]);
    expect(tickTeamsToCheck(s, p, exit, "quinn")).toEqual([]);
    expect(tickTeamsToCheck(s, p, gone, "quinn")).toEqual([]);
  });
});
