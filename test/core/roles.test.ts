import { describe, expect, it } from "vitest";
import { describePrincipals, holdsRole, teamsToCheck, whoMay } from "../../core/roles.js";
import { settings } from "./engine/fixtures.js";

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

describe("teamsToCheck", () => {
  it("lists the teams whose membership decides the role, and none for unknown roles", () => {
    expect(teamsToCheck(settings(), "operations-lead")).toEqual(["acme/sre"]);
    expect(teamsToCheck(settings(), "qa-lead")).toEqual([]);
    expect(teamsToCheck(settings(), "toString")).toEqual([]);
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

  it("describes promoters the same way", () => {
    expect(describePrincipals(s.promoters)).toBe("a member of @acme/release-managers");
  });
});
