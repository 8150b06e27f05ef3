import { describe, expect, it } from "vitest";
import { commandsToAct, parseCommands } from "../../core/commands.js";
import { fitBytes, fitText } from "../../core/github-limits.js";

describe("fitting GitHub's limits", () => {
  it("leaves text that fits alone and cuts the rest with a note, never inside a surrogate pair", () => {
    expect(fitText("short", 10)).toBe("short");
    const cut = fitText("😀".repeat(100), 81);
    expect(cut.length).toBeLessThanOrEqual(81);
    expect(cut).toContain("cut to fit");
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it("fits a byte limit for text of many-byte characters", () => {
    const text = "é".repeat(2_000_000);
    expect(new TextEncoder().encode(fitBytes(text, 1024 * 1024)).length).toBeLessThanOrEqual(1024 * 1024);
  });

  it("acts on ten commands and refuses the rest in one line", () => {
    const { acted, refused, refusal } = commandsToAct(parseCommands(Array.from({ length: 13 }, () => "/status").join("\n")));
    expect(acted).toHaveLength(10);
    expect(refused).toBe(3);
    expect(refusal).toBe("3 more commands were not acted on: stagegate acts on at most 10 commands per comment.");
  });
});
