// Inputs too big to keep as files (a 5 MB plan, 10,000 stages, a 70,000-character id, a 100,000-character title, issue
// bodies and comments at GitHub's 65,536-character limit) and text no UTF-8 file can hold (lone
// surrogates), generated here. Each must get its verdict quickly and whole.
import { describe, expect, it } from "vitest";
import { parseCommands } from "../../core/commands.js";
import { diffTicks, setItemChecked } from "../../core/markdown/tick-diff.js";
import { parseTaskItems } from "../../core/markdown/task-items.js";
import type { Plan } from "../../core/model.js";
import { parsePlan } from "../../core/parse-plan.js";
import { renderTrackingIssue } from "../../core/tracking-issue/render.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import { validate } from "./corpus.js";

/** GitHub's limit for an issue body or a comment. */
const GITHUB_BODY_LIMIT = 65_536;
const PATH = ".github/rollouts/big.yml";
const SETTINGS = "roles:\n  qa-lead: { users: [quinn] }\n";

function parsed(text: string): Plan {
  const result = parsePlan(text, PATH, null);
  if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
  return result.value;
}

function render(plan: Plan): string {
  return renderTrackingIssue({ plan, settings: { roles: {}, promoters: { users: [], teams: [] }, calendar: { timezone: "UTC", businessHours: null, freezes: [] }, metrics: { prometheus: null }, dismissStaleSignoffs: false }, state: null, signoffs: [], eligibility: null, now: new Date("2026-12-04T09:00:00Z") });
}

const SIGNOFF = "signoff:\n  - { id: code-review, title: Code review completed, role: qa-lead }\n  - { id: security, title: Security review completed, role: qa-lead }\n";

describe("a 5 MB plan", () => {
  const description = "The playlist editor, described at length. ".repeat(120_000);
  const text = `description: ${JSON.stringify(description)}\n${SIGNOFF}stages:\n  - { name: beta, percent: 1, bake: 24h }\n  - { name: full, percent: 100 }\n`;

  it("is 5 MB", () => {
    expect(text.length).toBeGreaterThan(5_000_000);
  });

  it("parses, and validates from the CLI", async () => {
    expect(parsed(text).description).toBe(description);
    const run = await validate(PATH, { [`/repo/${PATH}`]: text, "/repo/.github/stagegate.yml": SETTINGS });
    expect(run).toEqual({ code: 0, out: `${PATH}: ok (rollout big: 2 stages, 2 sign-off items; roles checked against .github/stagegate.yml)\n`, err: "" });
  });

  it("renders a tracking issue within GitHub's limit that still holds every box", () => {
    const body = render(parsed(text));
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(parseTrackingIssue(body).items.map((i) => i.key)).toEqual(["signoff/code-review", "signoff/security"]);
  });
});

describe("stages by the thousand", () => {
  const stages = (count: number, percent: (i: number) => number) => Array.from({ length: count }, (_, i) => `  - { name: s${i}, percent: ${percent(i)}, bake: 1h }\n`).join("");

  it("10,000 stages are refused with one problem at the list, not 10,000", () => {
    const result = parsePlan(`stages:\n${stages(10_000, (i) => Math.floor(i / 100))}`, PATH, null);
    expect(result.ok ? [] : result.problems).toEqual([
      { file: PATH, line: 2, col: 3, message: "stages: a plan has at most 100 stages (this one has 10000): the tracking issue shows every stage and its checklist" },
    ]);
  });

  it("100 stages, the most a plan may have, parse and render within GitHub's limit with every box", () => {
    const plan = parsed(`${SIGNOFF}stages:\n${stages(100, (i) => i)}`);
    expect(plan.stages).toHaveLength(100);
    const body = render(plan);
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(parseTrackingIssue(body).items.map((i) => i.key)).toEqual(["signoff/code-review", "signoff/security"]);
  });

  it("with a decrease every ten stages, report each at its own line, and the CLI prints each on one line", async () => {
    const text = `stages:\n${stages(100, (i) => 100 - Math.floor(i / 10))}`;
    const result = parsePlan(text, PATH, null);
    const decreasing = result.ok ? [] : result.problems.filter((p) => p.message.includes("percentages never decrease"));
    expect(decreasing).toHaveLength(9);
    expect(decreasing[0]).toMatchObject({ line: 12, col: 27, message: 'stages[10].percent: 99 is lower than 100 in the previous stage "s9": percentages never decrease from one stage to the next' });
    const run = await validate(PATH, { [`/repo/${PATH}`]: text });
    expect(run.code).toBe(1);
    expect(run.err.split("\n").filter((l) => l.startsWith(`${PATH}:`))).toHaveLength(9);
  });
});

describe("a 70,000-character id", () => {
  it("is refused at the id, so no box can be crowded out of the tracking issue", () => {
    const result = parsePlan(`signoff:\n  - { id: ${"a".repeat(70_000)}, title: Huge, role: qa-lead }\nstages: [{ name: full, percent: 100 }]\n`, PATH, null);
    expect(result.ok ? [] : result.problems).toEqual([{ file: PATH, line: 2, col: 11, message: "signoff[0].id: id is 70000 characters long: keep it to 64 at most" }]);
  });
});

describe("a 100,000-character title", () => {
  const title = "Security review completed for every endpoint ".repeat(2_300).slice(0, 100_000);
  const plan = () => parsed(`signoff:\n  - { id: security, title: ${JSON.stringify(title)}, role: qa-lead }\nstages: [{ name: full, percent: 100 }]\n`);

  it("is kept whole by the parser", () => {
    expect(plan().signoff[0]!.title).toHaveLength(100_000);
  });

  it("is clipped in the issue, which keeps the box and stays small", () => {
    const body = render(plan());
    expect(body.length).toBeLessThan(5_000);
    const line = body.split("\n").find((l) => l.includes("stagegate:item signoff/security"))!;
    expect(line).toMatch(/^- \[ \] Security review completed for every endpoint .*… <!-- stagegate:item signoff\/security -->/);
    expect(parseTrackingIssue(body).items.map((i) => i.key)).toEqual(["signoff/security"]);
  });
});

describe("issue bodies at GitHub's limit", () => {
  function keyedBody(): { body: string; count: number } {
    const lines = ["<!-- stagegate:rollout big -->"];
    let length = lines[0]!.length + 1;
    for (let i = 0; ; i++) {
      const line = `- [${i % 3 === 0 ? "x" : " "}] Item ${i} <!-- stagegate:item signoff/item-${i} -->`;
      if (length + line.length + 1 > GITHUB_BODY_LIMIT) return { body: lines.join("\n") + "\n", count: i };
      lines.push(line);
      length += line.length + 1;
    }
  }

  it("with over a thousand keyed items: every one is read, and one tick among them is seen as that tick", () => {
    const { body, count } = keyedBody();
    expect(count).toBeGreaterThan(1_000);
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const items = parseTrackingIssue(body).items;
    expect(items).toHaveLength(count);
    expect(items.every((item, i) => item.key === `signoff/item-${i}` && item.checked === (i % 3 === 0))).toBe(true);
    const key = `signoff/item-${count - 1}`;
    const ticked = setItemChecked(body, key, (count - 1) % 3 !== 0);
    if (!ticked.ok) throw new Error(ticked.message);
    expect(diffTicks(body, ticked.body)).toEqual([{ key, ref: { kind: "signoff", id: `item-${count - 1}` }, checked: (count - 1) % 3 !== 0 }]);
  });

  it("with 8,192 unkeyed items: all read, none keyed", () => {
    const body = "- [ ] x\n".repeat(GITHUB_BODY_LIMIT / 8);
    const items = parseTaskItems(body);
    expect(items).toHaveLength(8_192);
    expect(items.every((i) => i.key === null)).toBe(true);
  });

  it("a comment of 8,192 commands: every one is read", () => {
    const commands = parseCommands("/status\n".repeat(GITHUB_BODY_LIMIT / 8));
    expect(commands).toHaveLength(8_192);
    expect(commands.every((c) => c.name === "status")).toBe(true);
  });
});

describe("lone surrogates (from YAML \\u escapes; no UTF-8 file can hold one)", () => {
  it("pass through a plan title, and render as U+FFFD without breaking the issue", () => {
    const plan = parsed(`${SIGNOFF.replace("Code review completed", '"Code review \\uD800 completed \\uDC00"')}stages: [{ name: full, percent: 100 }]\n`);
    expect(plan.signoff[0]!.title).toBe("Code review \uD800 completed \uDC00");
    const body = render(plan);
    expect(parseTrackingIssue(body).items.map((i) => i.key)).toEqual(["signoff/code-review", "signoff/security"]);
    // The issue gets the replacement character, never half a character GitHub would refuse.
    expect(body).toContain("Code review \uFFFD completed \uFFFD");
    expect(/[\uD800-\uDFFF]/.test(body.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""))).toBe(false);
  });

  it("in a stage name or id are refused, like any character outside a slug", () => {
    const result = parsePlan('stages: [{ name: "beta\\uD800", percent: 100 }]\n', PATH, null);
    expect(result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col}`)).toEqual(["1:18"]);
  });

  it("in a comment are read as part of the reason, and never as a command name", () => {
    expect(parseCommands("/pause \uD800 half a character\n/pro\uDC00mote")).toEqual([{ name: "pause", reason: "\uD800 half a character" }]);
  });
});
