// Hostile text in titles, descriptions, audiences, reasons and names must render as text: the
// tracking issue keeps exactly the plan's boxes and markers, mentions nobody, opens no HTML
// element, link, code span or table cell, and still shows the words that were typed.
import type { Nodes } from "mdast";
import { describe, expect, it } from "vitest";
import { parseCommands } from "../../core/commands.js";
import type { Eligibility } from "../../core/decisions.js";
import { itemKey } from "../../core/markdown/task-items.js";
import { parseMarkdown, walk } from "../../core/markdown/parse.js";
import type { Plan, RolloutState } from "../../core/model.js";
import { parsePlan } from "../../core/parse-plan.js";
import { parseSettings } from "../../core/parse-settings.js";
import { renderTrackingIssue, type TrackingIssueView } from "../../core/tracking-issue/render.js";
import { parseTrackingIssue } from "../../core/tracking-issue/parse.js";
import { isBareUrl, shown } from "./arbitraries.js";
import { corpus, corpusFiles } from "./corpus.js";

const settingsResult = parseSettings(corpusFiles("settings-valid").find((f) => f.name === "roles.yml")!.text, ".github/stagegate.yml");
if (!settingsResult.ok) throw new Error("settings-valid/roles.yml must parse");
const settings = settingsResult.value;

function plan(file: string): Plan {
  const result = parsePlan(corpusFiles("plans-valid").find((f) => f.name === file)!.text, ".github/rollouts/playlist-editor.yml", settings);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

const APPROVER = "quinn";
const PLAIN = "plain words";

/** The seed-shaped plan at its beta stage with `hostile` in every field a person types. */
function view(hostile: string): TrackingIssueView {
  const base = plan("lf.yml");
  const internal = base.stages[0]!;
  const hostilePlan: Plan = {
    ...base,
    description: hostile,
    signoff: [{ ...base.signoff[0]!, title: hostile }, base.signoff[1]!],
    stages: [{ ...internal, audience: hostile, exit: [{ ...internal.exit[0]!, title: hostile }] }, ...base.stages.slice(1)],
  };
  const state: RolloutState = {
    rollout: base.name,
    trackingIssue: null,
    stage: "beta",
    percent: 1,
    status: "paused",
    entered: "2026-12-03T14:00:00Z",
    resumeTo: "progressing",
    approvals: [
      { item: "code-review", stage: null, by: APPROVER, at: "2026-11-30T16:02:11Z" },
      { item: "no-critical-bugs", stage: "internal", by: hostile, at: "2026-12-01T10:00:00Z" },
    ],
    openAlerts: [],
    history: [
      { at: "2026-11-26T14:00:00Z", action: "start", from: null, to: "internal", by: "stagegate", reason: "signed off" },
      { at: "2026-12-03T14:00:00Z", action: "promote", from: "internal", to: "beta", by: hostile, reason: hostile },
      { at: "2026-12-03T15:00:00Z", action: "pause", from: null, to: null, by: hostile, reason: hostile },
    ],
  };
  const eligibility: Eligibility = {
    eligible: false,
    next: { name: "full", percent: 100 },
    blockers: [{ kind: "status", message: hostile }],
    earliest: null,
    gates: [],
  };
  return { plan: hostilePlan, settings, state, signoffs: [], eligibility, now: new Date("2026-12-04T09:00:00Z") };
}

/** The document's structure without its words: every node but text, with what makes it differ. */
function skeleton(body: string): string[] {
  const out: string[] = [];
  walk(parseMarkdown(body).tree, (node: Nodes) => {
    if (node.type === "text" || isBareUrl(node)) return false;
    if (node.type === "heading") out.push(`heading${node.depth}`);
    else if (node.type === "listItem") out.push(`listItem:${String(node.checked)}`);
    else if (node.type === "html") out.push(`html:${node.value}`);
    else if (node.type === "code") out.push(`code:${node.lang}:${node.value.split("\n").length}`);
    else out.push(node.type);
  });
  return out;
}

/** Text nodes' words, for mentions: GitHub links `@login` only when the login follows `@` directly. */
function mentions(body: string): string[] {
  const found: string[] = [];
  walk(parseMarkdown(body).tree, (node: Nodes) => {
    if (node.type === "text") found.push(...(node.value.match(/@[A-Za-z0-9][\w/-]*/g) ?? []));
  });
  return found;
}

/** The words of the sign-off item's line up to its marker, as a reader sees them. */
function itemTitle(body: string, key: string): string {
  let title: string | null = null;
  walk(parseMarkdown(body).tree, (node: Nodes) => {
    if (title !== null || node.type !== "paragraph" || !node.children.some((c) => c.type === "html" && c.value.includes(key))) return;
    const marker = node.children.findIndex((c) => c.type === "html");
    const words: string[] = [];
    for (const child of node.children.slice(0, marker)) walk(child, (n: Nodes) => void (n.type === "text" && words.push(n.value)));
    title = words.join("").trim();
  });
  return title ?? "";
}

const KEYS = ["signoff/code-review", "signoff/security", "exit/internal/no-critical-bugs"];

function expectOnlyTheSafeStructure(hostile: string): string {
  const body = renderTrackingIssue(view(hostile));
  const benign = renderTrackingIssue(view(PLAIN));
  const parsed = parseTrackingIssue(body);
  expect(parsed.rollout).toBe("playlist-editor");
  expect(parsed.items.map((i) => [i.key, i.checked])).toEqual([
    [KEYS[0], true],
    [KEYS[1], false],
    [KEYS[2], true],
  ]);
  expect(skeleton(body)).toEqual(skeleton(benign));
  expect(mentions(body)).toEqual([`@${APPROVER}`]);
  expect(itemTitle(body, KEYS[0]!).replaceAll("@\u200D", "@")).toBe(shown(hostile).replaceAll("@\u200D", "@"));
  return body;
}

interface Expected {
  why: string;
  mustNotContain?: string[];
  mustNotMatch?: string[];
}

describe("hostile text in every field a person types", () => {
  it.each(corpus<Expected>("hostile-text"))("$name: $expected.why", ({ text, expected }) => {
    const body = expectOnlyTheSafeStructure(text);
    for (const raw of expected.mustNotContain ?? []) expect(body).not.toContain(raw);
    for (const pattern of expected.mustNotMatch ?? []) expect(body).not.toMatch(new RegExp(pattern, "m"));
  });

  it("a reason taken from a /pause comment renders as text too", () => {
    const comment = corpusFiles("comments").find((f) => f.name === "injection-reason.md")!.text;
    const [command] = parseCommands(comment);
    expect(command?.name).toBe("pause");
    const body = expectOnlyTheSafeStructure((command as { reason: string }).reason);
    expect(body).not.toContain("<img");
    expect(body).not.toContain("<!-- stagegate:rollout other -->");
  });
});

describe("a plan whose titles are all hostile", () => {
  const hostile = plan("hostile-titles.yml");
  const render = (p: Plan) => renderTrackingIssue({ plan: p, settings, state: null, signoffs: [], eligibility: null, now: new Date("2026-12-04T09:00:00Z") });
  const body = render(hostile);

  it("renders exactly the plan's boxes, unticked, and names its own rollout", () => {
    const keys = [...hostile.signoff.map((i) => itemKey({ kind: "signoff", id: i.id })), ...hostile.stages.flatMap((s) => s.exit.map((i) => itemKey({ kind: "exit", stage: s.name, id: i.id })))];
    expect(parseTrackingIssue(body).rollout).toBe("playlist-editor");
    expect(parseTrackingIssue(body).items.map((i) => [i.key, i.checked])).toEqual(keys.map((k) => [k, false]));
  });

  it("has the structure the same plan has with plain titles", () => {
    const plain: Plan = {
      ...hostile,
      description: PLAIN,
      signoff: hostile.signoff.map((i) => ({ ...i, title: PLAIN })),
      stages: hostile.stages.map((s) => ({ ...s, audience: s.audience === null ? null : PLAIN, exit: s.exit.map((i) => ({ ...i, title: PLAIN })) })),
    };
    expect(skeleton(body)).toEqual(skeleton(render(plain)));
    // The only mentions are the holders of the roles whose sign-off is due, from the settings on
    // the default branch: nothing a plan's author wrote becomes one.
    const holders = new Set(Object.values(settings.roles).flatMap((r) => [...r.users, ...r.teams].map((name) => `@${name}`)));
    expect(mentions(body).length).toBeGreaterThan(0);
    expect(mentions(body).filter((m) => !holders.has(m))).toEqual([]);
  });
});
