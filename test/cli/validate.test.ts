import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import { memoryIo } from "./memory-io.js";

const SETTINGS = "roles:\n  eng: { users: [erin] }\n  qa: { users: [quinn] }\n";
const GOOD = "signoff:\n  - { id: review, title: Review, role: eng }\nstages:\n  - { name: beta, percent: 1 }\n  - { name: full, percent: 100 }\n";
const BAD = "stages:\n  - { name: half, percent: 50 }\n  - { name: ten, percent: 10 }\n";
const ROLE = "signoff: [{ id: x, title: X, role: ops }]\nstages: [{ name: full, percent: 100 }]\n";

const files = {
  "/work/repo/.github/stagegate.yml": SETTINGS,
  "/work/repo/.github/rollouts/good.yml": GOOD,
  "/work/repo/.github/rollouts/bad.yml": BAD,
  "/work/repo/.github/rollouts/role.yml": ROLE,
  "/work/repo/ops/stagegate.yml": "roles:\n  ops: { teams: [acme/sre] }\n",
  "/work/other/.github/rollouts/role.yml": ROLE,
  "/work/other/.github/CODEOWNERS": "* @acme/owners\n",
  "/loose/role.yml": ROLE,
  "/work/broken/.github/stagegate.yml": "roles:\n  eng: {}\n",
  "/work/broken/.github/rollouts/a.yml": GOOD,
  "/work/broken/.github/rollouts/b.yml": GOOD,
};

async function run(args: string[], cwd = "/work/repo") {
  const io = memoryIo(files, cwd);
  const code = await main(["validate", ...args], io);
  return { code, out: io.out, err: io.err };
}

describe("stagegate validate", () => {
  it("prints ok for a valid plan, with its roles checked against the repository's settings", async () => {
    expect(await run([".github/rollouts/good.yml"])).toEqual({
      code: 0,
      out: ".github/rollouts/good.yml: ok (rollout good: 2 stages, 1 sign-off item; roles checked against .github/stagegate.yml)\n",
      err: "",
    });
  });

  it("prints path:line:col: message for each problem and exits 1, using the path as typed", async () => {
    expect(await run(["./.github/rollouts/bad.yml"])).toEqual({
      code: 1,
      out: "",
      err: './.github/rollouts/bad.yml:3:27: stages[1].percent: 10 is lower than 50 in the previous stage "half": percentages never decrease from one stage to the next\n',
    });
  });

  it("checks roles against the settings of the repository holding the plan, wherever it is run from", async () => {
    const result = await run(["role.yml"], "/work/repo/.github/rollouts");
    expect(result.code).toBe(1);
    expect(result.err).toBe('role.yml:1:36: signoff[0].role: role "ops" is not defined in the settings; defined roles: eng, qa\n');
  });

  it("uses --settings instead, when given", async () => {
    const result = await run([".github/rollouts/role.yml", "--settings", "ops/stagegate.yml"]);
    expect(result).toEqual({
      code: 0,
      out: ".github/rollouts/role.yml: ok (rollout role: 1 stage, 1 sign-off item; roles checked against ops/stagegate.yml)\n",
      err: "",
    });
    expect((await run(["--settings=ops/stagegate.yml", ".github/rollouts/role.yml"])).code).toBe(0);
  });

  it("validates without role checks, and says so, when the repository has no settings", async () => {
    expect(await run(["../other/.github/rollouts/role.yml"])).toEqual({
      code: 0,
      out: "../other/.github/rollouts/role.yml: ok (rollout role: 1 stage, 1 sign-off item; roles not checked)\n",
      err: "note: ../other/.github/rollouts/role.yml: ../other/.github/stagegate.yml does not exist; roles are not checked (pass --settings <stagegate.yml> to check them)\n",
    });
  });

  it("validates without role checks when no repository holds the plan", async () => {
    const result = await run(["/loose/role.yml"]);
    expect(result.code).toBe(0);
    expect(result.err).toBe("note: /loose/role.yml: no repository (.github/ folder) holds this plan; roles are not checked (pass --settings <stagegate.yml> to check them)\n");
  });

  it("validates a settings file given as an argument", async () => {
    expect(await run([".github/stagegate.yml"])).toEqual({ code: 0, out: ".github/stagegate.yml: ok (settings: 2 roles)\n", err: "" });
    const broken = await run(["../broken/.github/stagegate.yml"]);
    expect(broken).toEqual({ code: 1, out: "", err: "../broken/.github/stagegate.yml:2:8: roles.eng: names nobody: list users: or teams: who hold this role\n" });
  });

  it("reports broken settings once for all the plans they govern, and checks the plans without roles", async () => {
    const result = await run(["../broken/.github/rollouts/a.yml", "../broken/.github/rollouts/b.yml"]);
    expect(result.code).toBe(1);
    expect(result.err.split("\n").filter((l) => l.includes("names nobody"))).toHaveLength(1);
    expect(result.err).toContain("note: ../broken/.github/rollouts/a.yml: roles are not checked because ../broken/.github/stagegate.yml has problems\n");
    expect(result.out).toContain("../broken/.github/rollouts/b.yml: ok");
  });

  it("reports broken --settings and still checks the plans", async () => {
    const result = await run([".github/rollouts/good.yml", "--settings", "../broken/.github/stagegate.yml"]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("../broken/.github/stagegate.yml:2:8: roles.eng: names nobody");
    expect(result.out).toContain(".github/rollouts/good.yml: ok (rollout good: 2 stages, 1 sign-off item; roles not checked)");
  });

  it("checks every file and fails if any fails", async () => {
    const result = await run([".github/rollouts/good.yml", ".github/rollouts/missing.yml", ".github/rollouts/bad.yml"]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(".github/rollouts/good.yml: ok");
    expect(result.err).toContain(".github/rollouts/missing.yml: cannot read: no such file\n");
    expect(result.err).toContain(".github/rollouts/bad.yml:3:27:");
  });

  it.each([
    [[], "stagegate: validate needs at least one file"],
    [["--settings"], "stagegate: --settings needs a value"],
    [["a.yml", "--strict"], "stagegate: unknown option --strict"],
    [["a.yml", "--settings", "nowhere.yml"], "stagegate: cannot read --settings nowhere.yml: no such file"],
  ])("treats %j as a usage error (exit 2)", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err).toContain('Run "stagegate help" for usage.');
  });
});
