// `.github/stagegate.yml` as written: who holds which role, who may force a promotion, the
// calendar and the metrics provider. Keys stay as users write them (kebab-case); parse-settings.ts
// turns the parsed data into the `Settings` the rest of stagegate uses.
import * as z from "zod/mini";
import { BUSINESS_HOURS_PATTERN, FREEZE_PATTERN, freezeSyntaxProblem, parseBusinessHours, TIMEZONE_PATTERN, timezoneProblem } from "./calendar-syntax.js";
import { defaulted, parsedString, slug, strictMapping } from "./schema-kit.js";

const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;
const TEAM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const login = z
  .string()
  .check(
    z.regex(LOGIN_PATTERN, {
      error: (issue) => {
        const text = String(issue.input);
        if (text.startsWith("@")) return `"${text}" is not a GitHub login: write it without "@" (${text.slice(1)})`;
        if (text.includes("/")) return `"${text}" looks like a team: list it under teams:`;
        return `"${text}" is not a GitHub login`;
      },
    }),
    z.describe("A GitHub login, without @."),
  );

const team = z
  .string()
  .check(
    z.regex(TEAM_PATTERN, {
      error: (issue) => `"${String(issue.input)}" is not a team: write organization/team-slug, like acme/eng-leads`,
    }),
    z.describe("A team, written organization/team-slug."),
  );

function principals(description: string) {
  return strictMapping({
    users: defaulted(z.array(login), [], "GitHub logins."),
    teams: defaulted(z.array(team), [], "Teams as organization/team-slug. Members count once their membership is active (pending invitations do not)."),
  }).check(z.describe(description));
}

const role = principals("The people who hold this role: anyone listed, or any active member of a listed team.").check(
  z.refine((p) => p.users.length + p.teams.length > 0, {
    error: "names nobody: list users: or teams: who hold this role",
    // Only once the mapping is otherwise right: `teamz:` already gets its own message.
    when: (payload) => payload.issues.length === 0,
  }),
);

const businessHours = parsedString(BUSINESS_HOURS_PATTERN, parseBusinessHours, "expected business hours like mon-fri 09:00-17:00").check(
  z.describe(
    "Days then hours, local to the calendar's time zone: mon-fri 09:00-17:00, mon,wed,fri 10:00-16:00. The interval is half-open (open at 09:00, closed at 17:00); 24:00 ends a day.",
  ),
);

const freeze = parsedString(FREEZE_PATTERN, (text) => freezeSyntaxProblem(text), "expected a freeze like 2026-12-20/2027-01-04").check(
  z.describe(
    "YYYY-MM-DD/YYYY-MM-DD covers both dates whole, in the calendar's time zone; date-times such as 2026-12-24T12:00/2026-12-26T08:00 are exact bounds (local unless they carry Z or an offset). A single date freezes that day.",
  ),
);

const timezone = parsedString(TIMEZONE_PATTERN, (name) => timezoneProblem(name), "expected an IANA time zone like America/New_York").check(
  z.describe("IANA time zone the business hours and freezes are read in; daylight-saving changes included."),
);

const CalendarSchema = strictMapping({
  timezone: z._default(timezone, "UTC"),
  "business-hours": z
    .optional(z.union([businessHours, z.array(businessHours).check(z.minLength(1))], { error: "expected business hours like mon-fri 09:00-17:00, or a list of them" }))
    .check(z.describe("When promotions may happen (and what a `business` bake counts). Absent: at any time outside a freeze.")),
  freeze: defaulted(z.array(freeze), [], "Windows in which nothing is promoted and `business` bakes do not count."),
}).check(z.describe("When promotions may happen. Rollbacks are never held back by the calendar."));

export const SettingsSchema = strictMapping({
  _extends: z
    .optional(z.string().check(z.minLength(1)))
    .check(z.describe("Inherit settings from another repository's .github/stagegate.yml (Probot config inheritance), e.g. `.github` or `acme/.github`.")),
  roles: defaulted(z.record(slug("role name"), role), {}, "Roles plans may name. Plans cannot define roles: a pull request can never make its own author an approver."),
  promoters: z._default(principals("May `/promote --force`, bypassing gates. Repository admins always may."), { users: [], teams: [] }),
  calendar: z._default(CalendarSchema, { timezone: "UTC", freeze: [] }),
  metrics: defaulted(
    strictMapping({
      prometheus: z
        .optional(
          strictMapping({
            url: z.url({ protocol: /^https?$/ }).check(z.describe("Base URL of the Prometheus HTTP API.")),
          }),
        )
        .check(z.describe("Evaluate gate queries against this Prometheus.")),
    }),
    {},
    "Where gate values come from. Without a provider, values can be supplied by a workflow step.",
  ),
  "dismiss-stale-signoffs": defaulted(z.boolean(), false, "When true, a new push to a plan pull request resets its completed sign-off checks."),
}).check(
  z.meta({
    title: "stagegate settings (.github/stagegate.yml)",
    description: "Who holds which role, who may force a promotion, the calendar and the metrics provider. Read from the default branch only.",
  }),
);

export type SettingsInput = z.input<typeof SettingsSchema>;
export type SettingsData = z.output<typeof SettingsSchema>;
