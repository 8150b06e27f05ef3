import { describe, expect, it } from "vitest";
import { envInputReader, parseRolloutsGlob, readInputs } from "../../action/inputs.js";

function read(env: Record<string, string>) {
  const masked: string[] = [];
  const result = readInputs(envInputReader(env), (s) => masked.push(s));
  return { result, masked };
}

describe("readInputs", () => {
  it("applies action.yml defaults the runner would have filled in", () => {
    const { result } = read({ INPUT_TOKEN: "t0k" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.inputs.dryRun).toBe(false);
    expect(result.inputs.rollouts.dir).toBe(".github/rollouts");
    expect(result.inputs.now).toBeNull();
    expect(result.inputs.metrics).toEqual({ token: null, username: null, password: null, values: null });
  });

  it("masks every credential before doing anything else, even when other inputs are wrong", () => {
    const { result, masked } = read({ INPUT_TOKEN: "ghs_secret", "INPUT_METRICS-TOKEN": "prom", "INPUT_METRICS-USERNAME": "u", "INPUT_METRICS-PASSWORD": "p", "INPUT_DRY-RUN": "maybe" });
    expect(result.ok).toBe(false);
    expect(masked.sort()).toEqual(["ghs_secret", "p", "prom", "u"]);
  });

  it("names each bad input in a sentence saying what to write instead", () => {
    const { result } = read({ INPUT_TOKEN: "", "INPUT_DRY-RUN": "maybe", INPUT_NOW: "2026-12-03", INPUT_ROLLOUTS: "services/*/rollouts/*.yml" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.messages).toHaveLength(4);
    expect(result.messages.join("\n")).toMatch(/token is empty/);
    expect(result.messages.join("\n")).toMatch(/dry-run is "maybe": use true or false/);
    expect(result.messages.join("\n")).toMatch(/now is "2026-12-03": use an ISO-8601 instant with a zone/);
    expect(result.messages.join("\n")).toMatch(/rollouts is "services\/\*\/rollouts\/\*.yml": wildcards are allowed only in the file name/);
  });

  it("refuses a settings input that names a folder, and file patterns it cannot list", () => {
    const { result } = read({ INPUT_TOKEN: "t", INPUT_SETTINGS: "config/", INPUT_ROLLOUTS: ".github/rollouts/*.{yml,yaml}" });
    expect(result.ok === false && result.messages).toEqual([
      'input rollouts is ".github/rollouts/*.{yml,yaml}": only * and ? are supported in the file name.',
      'input settings is "config/": name a file, e.g. .github/stagegate.yml.',
    ]);
  });

  it("reads the sandbox clock override and dry-run", () => {
    const { result } = read({ INPUT_TOKEN: "t", "INPUT_DRY-RUN": "true", INPUT_NOW: "2026-12-03T14:00:00Z" });
    expect(result.ok && result.inputs.dryRun).toBe(true);
    expect(result.ok && result.inputs.now?.toISOString()).toBe("2026-12-03T14:00:00.000Z");
  });
});

describe("parseRolloutsGlob", () => {
  it.each([
    [".github/rollouts/*.yml", ".github/rollouts", ["a.yml", "playlist-editor.yml"], ["a.yaml", "state", "a.yml.bak"]],
    ["./examples/playlist-editor/.github/rollouts/*.yml", "examples/playlist-editor/.github/rollouts", ["playlist-editor.yml"], ["x.yaml"]],
    ["deploy/plan-?.yaml", "deploy", ["plan-a.yaml"], ["plan-ab.yaml", "plan-a.yml"]],
  ])("%s lists %s", (glob, dir, matches, misses) => {
    const parsed = parseRolloutsGlob(glob);
    expect(typeof parsed).toBe("object");
    if (typeof parsed === "string") return;
    expect(parsed.dir).toBe(dir);
    for (const name of matches) expect(parsed.pattern.test(name)).toBe(true);
    for (const name of misses) expect(parsed.pattern.test(name)).toBe(false);
  });

  it("refuses wildcards in folders, which the contents API cannot list", () => {
    expect(parseRolloutsGlob("services/*/rollouts/*.yml")).toMatch(/wildcards are allowed only in the file name/);
    expect(parseRolloutsGlob("")).toMatch(/empty/);
  });
});
