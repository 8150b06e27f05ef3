import { describe, expect, it } from "vitest";
import { parseArgs } from "../../cli/args.js";
import { main } from "../../cli/main.js";
import { USAGE } from "../../cli/usage.js";
import { memoryIo } from "./memory-io.js";

describe("stagegate", () => {
  it.each([["help"], ["--help"], ["-h"]])("%s prints the usage on stdout and exits 0", async (arg) => {
    const io = memoryIo({});
    expect(await main([arg], io)).toBe(0);
    expect(io.out).toBe(USAGE);
    expect(io.out).toContain("validate <file>... [--settings <stagegate.yml>]");
    expect(io.out).toContain("simulate <plan> --start <ISO-8601> [--settings <stagegate.yml>] [--json]");
  });

  it.each([["--version"], ["-v"], ["version"]])("%s prints the package's version and exits 0", async (arg) => {
    const io = memoryIo({});
    expect(await main([arg], io)).toBe(0);
    expect(io.out).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?\n$/);
  });

  it("without a command prints the usage on stderr and exits 2", async () => {
    const io = memoryIo({});
    expect(await main([], io)).toBe(2);
    expect(io.err).toBe(USAGE);
  });

  it("names an unknown command, prints the usage and exits 2", async () => {
    const io = memoryIo({});
    expect(await main(["promote"], io)).toBe(2);
    expect(io.err).toBe(`stagegate: unknown command "promote"\n\n${USAGE}`);
    expect(io.out).toBe("");
  });
});

describe("reading the command line", () => {
  const spec = { values: ["settings"], flags: ["json"] };
  it("takes values after the option or after =, flags alone, and everything after -- as files", () => {
    expect(parseArgs(["a.yml", "--settings", "s.yml", "--json", "-", "--", "--odd.yml"], spec)).toEqual({
      positional: ["a.yml", "-", "--odd.yml"],
      values: { settings: "s.yml" },
      flags: new Set(["json"]),
    });
    expect(parseArgs(["--settings=s.yml"], spec)).toMatchObject({ values: { settings: "s.yml" } });
  });

  it.each([
    [["--settings="], "--settings needs a value"],
    [["--settings"], "--settings needs a value"],
    [["--json=1"], "--json takes no value"],
    [["--verbose"], "unknown option --verbose"],
  ])("rejects %j: %s", (argv, message) => {
    expect(parseArgs(argv, spec)).toBe(message);
  });
});
