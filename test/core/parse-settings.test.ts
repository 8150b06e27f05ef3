import { describe, expect, it } from "vitest";
import { defaultSettings, parseSettings, settingsFromObject } from "../../core/parse-settings.js";
import { formatProblem } from "../../core/result.js";

const FILE = ".github/stagegate.yml";

function problems(lines: string[]): string[] {
  const result = parseSettings(lines.join("\n") + "\n", FILE);
  return result.ok ? [] : result.problems.map(formatProblem);
}

function parsed(lines: string[]) {
  const result = parseSettings(lines.join("\n") + "\n", FILE);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.value;
}

describe("parseSettings: valid settings", () => {
  it("reads the SPEC's example into Settings, calendar resolved in its time zone", () => {
    const settings = parsed([
      "_extends: .github",
      "roles:",
      "  engineering-lead: { teams: [acme/eng-leads] }",
      "  qa-lead:          { users: [quinn, qiu] }",
      "promoters: { teams: [acme/release-managers] }",
      "calendar:",
      "  timezone: America/New_York",
      "  business-hours: mon-fri 09:00-17:00",
      "  freeze:",
      "    - 2026-12-20/2027-01-04",
      "metrics:",
      "  prometheus: { url: https://prometheus.internal.example }",
      "dismiss-stale-signoffs: true",
    ]);
    expect(settings).toEqual({
      roles: {
        "engineering-lead": { users: [], teams: ["acme/eng-leads"] },
        "qa-lead": { users: ["quinn", "qiu"], teams: [] },
      },
      promoters: { users: [], teams: ["acme/release-managers"] },
      calendar: {
        timezone: "America/New_York",
        businessHours: [{ days: [1, 2, 3, 4, 5], start: 540, end: 1020, text: "mon-fri 09:00-17:00" }],
        freezes: [{ start: Date.parse("2026-12-20T05:00:00Z"), end: Date.parse("2027-01-05T05:00:00Z"), text: "2026-12-20/2027-01-04" }],
      },
      metrics: { prometheus: { url: "https://prometheus.internal.example" } },
      dismissStaleSignoffs: true,
    });
  });

  it("defaults the calendar to UTC with no business hours and no freezes", () => {
    expect(parsed(["roles: { qa: { users: [quinn] } }"])).toEqual({ ...defaultSettings(), roles: { qa: { users: ["quinn"], teams: [] } } });
  });

  it("accepts a list of business hours and exact freeze bounds", () => {
    const settings = parsed([
      "calendar:",
      "  timezone: Europe/Berlin",
      "  business-hours: [mon-fri 09:00-12:00, mon-thu 13:00-17:00]",
      "  freeze: [2026-12-24T12:00/2026-12-26T08:00]",
    ]);
    expect(settings.calendar.businessHours?.map((h) => [h.days, h.start, h.end])).toEqual([
      [[1, 2, 3, 4, 5], 540, 720],
      [[1, 2, 3, 4], 780, 1020],
    ]);
    expect(settings.calendar.freezes[0]).toMatchObject({ start: Date.parse("2026-12-24T11:00:00Z"), end: Date.parse("2026-12-26T07:00:00Z") });
  });
});

describe("parseSettings: every problem, located", () => {
  it.each<[string, string[], string]>([
    ["an empty file", [""], "1:1: the settings file is empty: it should define roles:"],
    ["a YAML syntax error", ["roles: {"], "2:1: YAML syntax: "],
    ["a scalar instead of a mapping", ["just text"], '1:1: expected a mapping, got text "just text"'],
    ["an unknown key", ["role: {}"], '1:1: unknown key "role" (did you mean "roles"?); allowed keys: _extends, roles, promoters, calendar, metrics, dismiss-stale-signoffs'],
    ["an unknown key in a role", ["roles:", "  qa: { user: [quinn] }"], '2:9: roles.qa: unknown key "user" (did you mean "users"?); allowed keys: users, teams'],
    ["a role name that is not slug-like", ["roles:", "  QA Lead: { users: [quinn] }"], '2:3: roles: role name "QA Lead" must be lower-case letters, digits and dashes, starting with a letter or digit (like qa-lead)'],
    ["a role that names nobody", ["roles:", "  qa: {}"], "2:7: roles.qa: names nobody: list users: or teams: who hold this role"],
    ["a login written with @", ["roles:", "  qa: { users: ['@quinn'] }"], '2:17: roles.qa.users[0]: "@quinn" is not a GitHub login: write it without "@" (quinn)'],
    ["a team among users", ["roles:", "  qa: { users: [acme/qa] }"], '2:17: roles.qa.users[0]: "acme/qa" looks like a team: list it under teams:'],
    ["a login that is not one", ["promoters: { users: [-x-] }"], '1:22: promoters.users[0]: "-x-" is not a GitHub login'],
    ["a team without its organization", ["promoters: { teams: [release-managers] }"], '1:22: promoters.teams[0]: "release-managers" is not a team: write organization/team-slug, like acme/eng-leads'],
    ["an unknown time zone", ["calendar:", "  timezone: America/NewYork"], '2:13: calendar.timezone: unknown time zone "America/NewYork" (did you mean "America/New_York"?)'],
    ["malformed business hours", ["calendar:", "  business-hours: weekdays 9-5"], '2:19: calendar.business-hours: "weekdays 9-5" is not business hours: "weekdays" is not a day'],
    ["business hours that end before they start", ["calendar:", "  business-hours: [mon-fri 22:00-06:00]"], '2:20: calendar.business-hours[0]: "mon-fri 22:00-06:00" ends before it starts'],
    ["business hours of the wrong type", ["calendar:", "  business-hours: 9"], "2:19: calendar.business-hours: expected business hours like mon-fri 09:00-17:00, or a list of them"],
    ["a freeze that ends before it starts", ["calendar:", "  freeze:", "    - 2027-01-04/2026-12-20"], '3:7: calendar.freeze[0]: freeze "2027-01-04/2026-12-20" ends before it starts'],
    ["a freeze on a day that does not exist", ["calendar:", "  freeze: [2026-02-30]"], '2:12: calendar.freeze[0]: "2026-02-30" is not a real date'],
    ["a freeze in another format", ["calendar:", "  freeze: [12/20/2026-01/04/2027]"], '2:12: calendar.freeze[0]: "12/20/2026-01/04/2027" is not a freeze: write dates as YYYY-MM-DD'],
    ["a freeze given as a mapping", ["calendar:", "  freeze: [{ from: 2026-12-20 }]"], "2:12: calendar.freeze[0]: expected a freeze like 2026-12-20/2027-01-04, got a mapping"],
    ["a Prometheus URL that is not http(s)", ["metrics:", "  prometheus: { url: 'ftp://x' }"], '2:22: metrics.prometheus.url: text "ftp://x" is not an http(s) URL'],
    ["a Prometheus without a URL", ["metrics:", "  prometheus: {}"], '2:3: metrics.prometheus: missing required key "url"'],
    ["a yes/no that is text", ["dismiss-stale-signoffs: yes"], '1:25: dismiss-stale-signoffs: expected true or false, got text "yes"'],
    ["an empty _extends", ["_extends: ''"], "1:11: _extends: must not be empty"],
  ])("reports %s", (_, lines, expected) => {
    const found = problems(lines);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${FILE}:${expected}`);
  });

  it("checks freezes in the calendar's own time zone, and despite problems elsewhere", () => {
    // 15:00 in Tokyo is 06:00 UTC: the freeze is backwards only when read in the zone.
    const found = problems(["calendar:", "  timezone: Asia/Tokyo", "  freeze: [2026-12-24T12:00Z/2026-12-24T15:00]", "roles: 3"]);
    expect(found).toEqual([
      `${FILE}:3:12: calendar.freeze[0]: freeze "2026-12-24T12:00Z/2026-12-24T15:00" ends before it starts`,
      `${FILE}:4:8: roles: expected a mapping, got the number 3`,
    ]);
  });

  it("reads freezes in UTC when the zone itself is wrong, reporting both", () => {
    const found = problems(["calendar:", "  timezone: Nowhere/Land", "  freeze: [2026-12-31/2026-12-01]"]);
    expect(found.map((p) => p.split(": ")[0])).toEqual([`${FILE}:2:13`, `${FILE}:3:12`]);
  });
});

describe("settingsFromObject", () => {
  it("validates data that arrives already parsed, naming fields at 1:1", () => {
    const result = settingsFromObject({ roles: { qa: { users: ["quinn"] } }, calendar: { timezone: "Mars/Base" } }, FILE);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      `${FILE}:1:1: calendar.timezone: unknown time zone "Mars/Base": use an IANA name such as America/New_York, Europe/Berlin or UTC`,
    ]);
  });

  it("returns Settings for good data, and a problem for none", () => {
    expect(settingsFromObject({ roles: { qa: { teams: ["acme/qa"] } } }, FILE)).toEqual({
      ok: true,
      value: { ...defaultSettings(), roles: { qa: { users: [], teams: ["acme/qa"] } } },
    });
    expect(settingsFromObject(null, FILE)).toMatchObject({ ok: false, problems: [{ line: 1, col: 1 }] });
  });
});
