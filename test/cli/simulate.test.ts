import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import { memoryIo } from "./memory-io.js";

const SETTINGS = [
  "roles: { qa: { users: [quinn] } }",
  "calendar:",
  "  timezone: America/New_York",
  "  business-hours: mon-fri 09:00-17:00",
  "  freeze: [2026-12-20/2027-01-04]",
].join("\n");
const PLAN = [
  "stages:",
  "  - { name: internal, percent: 0, audience: staff, bake: 24h, exit: [{ id: ok, title: OK, role: qa }] }",
  "  - { name: quarter, percent: 25, bake: 8h business }",
  "  - { name: full, percent: 100 }",
].join("\n");

const files = {
  "/r/.github/stagegate.yml": SETTINGS,
  "/r/.github/rollouts/launch.yml": PLAN,
  "/r/.github/rollouts/broken.yml": "stages: []\n",
  "/r/shut.yml": "calendar: { freeze: [2026-01-01/2030-01-01] }\n",
  "/r/bad-settings.yml": "calendar: { timezone: Moon/Base }\n",
  "/elsewhere/launch.yml": "stages: [{ name: a, percent: 1, bake: 2h }, { name: b, percent: 2 }]\n",
};

async function run(args: string[]) {
  const io = memoryIo(files, "/r");
  const code = await main(["simulate", ...args], io);
  return { code, out: io.out, err: io.err };
}

describe("stagegate simulate", () => {
  it("prints the timeline as JSON: local start in the calendar's zone, business bakes, business hours", async () => {
    // Tue 09:00 New York; a 24h bake ends Wed 09:00; 8 business hours end Wed 17:00, when the
    // office closes, so the last stage waits for Thu 09:00.
    const result = await run([".github/rollouts/launch.yml", "--start", "2026-12-01T09:00", "--json"]);
    expect(result).toEqual({
      code: 0,
      out:
        JSON.stringify({
          rollout: "launch",
          stages: [
            { name: "internal", percent: 0, enter: "2026-12-01T14:00:00.000Z" },
            { name: "quarter", percent: 25, enter: "2026-12-02T14:00:00.000Z" },
            { name: "full", percent: 100, enter: "2026-12-03T14:00:00.000Z" },
          ],
        }) + "\n",
      err: "",
    });
  });

  it("prints a readable table with UTC and calendar times and the time since the start", async () => {
    const result = await run([".github/rollouts/launch.yml", "--start", "2026-12-01T14:00:00Z"]);
    expect(result.code).toBe(0);
    expect(result.out.split("\n")).toEqual([
      "Rollout launch, starting Tue 2026-12-01 14:00 UTC",
      "Calendar: America/New_York; business hours mon-fri 09:00-17:00; freeze 2026-12-20/2027-01-04",
      "Assumes every sign-off and exit item is ticked at once and every gate passes.",
      "",
      "stage     percent  audience  enters (UTC)          enters (America/New_York)  after start",
      "internal  0%       staff     Tue 2026-12-01 14:00  Tue 2026-12-01 09:00 EST   +0m",
      "quarter   25%      -         Wed 2026-12-02 14:00  Wed 2026-12-02 09:00 EST   +1d",
      "full      100%     -         Thu 2026-12-03 14:00  Thu 2026-12-03 09:00 EST   +2d",
      "",
    ]);
  });

  it("simulates in UTC without business hours or freezes when no settings are found, and says so", async () => {
    const result = await run(["/elsewhere/launch.yml", "--start", "2026-12-05T10:30:00Z"]);
    expect(result.code).toBe(0);
    expect(result.err).toBe("note: no settings found for /elsewhere/launch.yml: simulating in UTC without business hours or freezes (pass --settings <stagegate.yml>)\n");
    expect(result.out).toContain("Calendar: UTC; no business hours; no freezes");
    expect(result.out).toContain("stage  percent  audience  enters (UTC)          after start\n");
    expect(result.out).toContain("b      2%       -         Sat 2026-12-05 12:30  +2h\n");
  });

  it("exits 1 naming the stage that can never be entered when the calendar never opens", async () => {
    const result = await run(["/elsewhere/launch.yml", "--start", "2026-06-01T00:00Z", "--settings", "shut.yml", "--json"]);
    expect(result.code).toBe(1);
    expect(result.out).toBe('{"rollout":"launch","stages":[]}\n');
    expect(result.err).toContain('/elsewhere/launch.yml: Stage "a" can never be entered');
  });

  it("reports problems in the plan or the settings as path:line:col and exits 1", async () => {
    expect(await run([".github/rollouts/broken.yml", "--start", "2026-12-01T09:00Z"])).toEqual({
      code: 1,
      out: "",
      err: ".github/rollouts/broken.yml:1:9: stages: a plan needs at least one stage\n",
    });
    const settings = await run([".github/rollouts/launch.yml", "--start", "2026-12-01T09:00Z", "--settings", "bad-settings.yml"]);
    expect(settings.code).toBe(1);
    expect(settings.err).toContain('bad-settings.yml:1:23: calendar.timezone: unknown time zone "Moon/Base"');
    const missing = await run(["gone.yml", "--start", "2026-12-01T09:00Z"]);
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining("gone.yml: cannot read: no such file") });
  });

  it.each([
    [[".github/rollouts/launch.yml"], "simulate needs --start <ISO-8601>"],
    [[".github/rollouts/launch.yml", "--start", "next tuesday"], '--start "next tuesday" is not an ISO-8601 date-time'],
    [[".github/rollouts/launch.yml", "--start", "2026-13-01"], '--start "2026-13-01" is not an ISO-8601 date-time'],
    [["--start", "2026-12-01T09:00Z"], "simulate takes exactly one plan"],
    [["a.yml", "b.yml", "--start", "2026-12-01T09:00Z"], "simulate takes exactly one plan"],
    [[".github/rollouts/launch.yml", "--start", "2026-12-01T09:00Z", "--json=yes"], "--json takes no value"],
    [[".github/rollouts/launch.yml", "--start", "2026-12-01T09:00Z", "--settings", "none.yml"], "cannot read --settings none.yml: no such file"],
  ])("treats %j as a usage error (exit 2)", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});
