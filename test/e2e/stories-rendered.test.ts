// The rendering check: every Markdown surface the sandbox's stories leave on GitHub (the tracking
// issue at each stage and status, comments, check-run outputs, job summaries) drawn as GitHub
// draws it — GFM, GitHub's stylesheet, Mermaid — in Debian's headless Chromium, and held to what
// a reader must see. One browser and one page for the whole file; the stories play one after the
// other (see stories.test.ts for why).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, launchChromium, type RunningBrowser } from "../../sandbox/render/browser.js";
import { renderingProblems } from "../../sandbox/render/checks.js";
import { openGithubPage, type GithubPage, type RenderedSurface } from "../../sandbox/render/page.js";
import { storySurfaces, type Surface } from "../../sandbox/render/surfaces.js";
import type { Story } from "../../sandbox/story/driver.js";
import { rollbackStory } from "../../sandbox/story/rollback-story.js";
import { seedStory } from "../../sandbox/story/seed-story.js";
import { playQuietly } from "./story-play.js";

const STORY_TIMEOUT = 300_000;

interface Drawn extends Surface {
  page: RenderedSurface;
}

let browser: RunningBrowser | undefined;
let page: GithubPage;
const drawn: Record<"seed" | "rollback", Drawn[]> = { seed: [], rollback: [] };

async function draw(story: Story): Promise<Drawn[]> {
  const out: Drawn[] = [];
  for (const surface of storySurfaces(story)) out.push({ ...surface, page: await page.render(surface.markdown) });
  return out;
}

beforeAll(async () => {
  // Run by hand without Chromium, say what to install rather than fail somewhere inside puppeteer.
  const missing = chromiumMissing();
  if (missing !== null) throw new Error(missing);
  browser = await launchChromium();
  page = await openGithubPage(browser.browser);
  for (const [name, script] of [["seed", seedStory], ["rollback", rollbackStory]] as const) {
    const story = await playQuietly(script);
    try {
      drawn[name] = await draw(story);
    } finally {
      await story.close();
    }
  }
}, 2 * STORY_TIMEOUT);

afterAll(async () => {
  await browser?.close();
});

const of = (story: "seed" | "rollback", kind: Surface["kind"]) => drawn[story].filter((s) => s.kind === kind);
const all = () => [...drawn.seed, ...drawn.rollback];

describe("every surface the stories leave, drawn as GitHub draws it", () => {
  it("covers the tracking issue at several moments, comments, check runs and job summaries", () => {
    for (const story of ["seed", "rollback"] as const) {
      expect(of(story, "tracking-issue").length, story).toBeGreaterThanOrEqual(5);
      expect(of(story, "comment").length, story).toBeGreaterThan(3);
      expect(of(story, "job-summary").length, story).toBeGreaterThan(10);
    }
    expect(of("seed", "check-run").length).toBeGreaterThan(5);
  });

  it("renders each without a problem a reader would see: charts whole, no raw Markdown or entities, tables within the column, boxes as boxes", () => {
    const problems = all().flatMap((s) => renderingProblems(s, s.page).map((p) => `${s.id}: ${p}`));
    expect(problems).toEqual([]);
  });

  it("draws one bar per stage entered in every timeline, from the first stage on", () => {
    const charts = all().filter((s) => s.entered !== null && s.entered > 0 && s.page.charts.length > 0);
    expect(charts.length).toBeGreaterThan(20);
    for (const s of charts) expect(s.page.charts[0]?.bars, s.id).toBeGreaterThanOrEqual(s.entered as number);
    // The seed's first bar is its first stage, at 0%.
    const last = of("seed", "tracking-issue").at(-1) as Drawn;
    expect(last.page.charts[0]?.source).toMatch(/section Served\n\s+internal 0% :/);
  });

  it("shows every sign-off and exit item of the tracking issue as a checkbox", () => {
    for (const s of of("seed", "tracking-issue")) expect(s.page.checkboxes, s.id).toBe(27 + 4 + 4 + 3 * 3);
  });
});

describe("the tracking issue answers where we are, what blocks, who must act and when", () => {
  it("names the people who hold the roles whose boxes are due, before the start and at each stage", () => {
    const signoff = of("seed", "tracking-issue")[0] as Drawn;
    expect(signoff.id).toContain("awaiting-signoff");
    expect(signoff.page.prose).toMatch(/Waiting for: .*@sam \(security-lead\)/);
    expect(signoff.page.prose).toContain("@quinn @qiu");
    const internal = of("seed", "tracking-issue").find((s) => s.id.endsWith("internal-progressing")) as Drawn;
    expect(internal.page.prose).toMatch(/No critical bugs\s+— qa-lead: @quinn @qiu/);
    expect(internal.page.prose).toMatch(/by @quinn @qiu \(qa-lead\)/);
  });

  it("links the plan and the state file to the files on the default branch", () => {
    const issue = of("seed", "tracking-issue").at(-1) as Drawn;
    expect(issue.page.links).toEqual(expect.arrayContaining([
      { text: ".github/rollouts/playlist-editor.yml", href: "../blob/HEAD/.github/rollouts/playlist-editor.yml" },
      { text: "config/rollouts/playlist-editor.yml", href: "../blob/HEAD/config/rollouts/playlist-editor.yml" },
    ]));
  });

  it("when complete, says so and lists nothing as blocking", () => {
    const done = of("seed", "tracking-issue").at(-1) as Drawn;
    expect(done.id).toContain("full-complete");
    expect(done.page.prose).toContain("🏁 Complete: full (100%) since 2027-01-05 14:00 UTC");
    expect(done.page.prose).not.toContain("What blocks promotion");
  });

  it("when rolled back, promises no bake end or promotion date, only /resume", () => {
    const back = of("rollback", "tracking-issue").filter((s) => s.id.endsWith("rolled-back"));
    expect(back.length).toBe(2);
    for (const s of back) {
      expect(s.page.prose, s.id).toContain("nothing moves to");
      expect(s.page.prose, s.id).toContain("/resume");
      expect(s.page.prose, s.id).not.toContain("Earliest next promotion");
      expect(s.page.prose, s.id).not.toContain("⏳ Bake");
    }
  });
});

describe("comments", () => {
  it("announce each stage to the people who must tick its exit checklist, mentioning each once", () => {
    const entered = of("seed", "comment").filter((s) => /Promoted|Started/.test(s.page.prose));
    expect(entered.length).toBe(6);
    const ten = entered.find((s) => s.page.prose.includes("→ ten (10%)")) as Drawn;
    expect(ten.page.prose).toContain("👤 Next: the exit checklist of ten, ticked in this issue by @acme/sre (operations-lead), @pam (product-manager), @acme/eng-leads (engineering-lead).");
    for (const s of of("seed", "comment")) {
      const mentions = s.page.prose.match(/@[\w/-]+/g) ?? [];
      expect(mentions.length, `${s.id}: ${mentions.join(" ")}`).toBe(new Set(mentions).size);
    }
  });

  it("a refused /promote names the people who hold each missing item's role", () => {
    const refusal = of("seed", "comment").find((s) => s.page.prose.startsWith("Cannot promote")) as Drawn;
    expect(refusal.page.prose).toContain("No critical bugs (qa-lead: quinn or qiu)");
  });
});

describe("job summaries", () => {
  it("say what was applied in Markdown that renders, and count comments in words", () => {
    const applied = all().filter((s) => s.kind === "job-summary" && s.markdown.includes("<details><summary>Applied"));
    expect(applied.length).toBeGreaterThan(5);
    for (const s of applied) {
      expect(s.page.prose, s.id).not.toContain("comment(s)");
      expect(s.page.prose, s.id).not.toContain("**");
    }
  });

  it("never give a next eligible time already past, and send a rolled-back rollout to /resume", () => {
    for (const s of all().filter((x) => x.kind === "job-summary")) {
      for (const m of s.markdown.matchAll(/<td>(\d{4}-\d\d-\d\d \d\d:\d\d) UTC<\/td><\/tr>/g)) {
        expect(Date.parse(`${(m[1] as string).replace(" ", "T")}:00Z`), s.id).toBeGreaterThan(Date.parse(s.at));
      }
    }
    const automatic = of("rollback", "job-summary").find((s) => s.markdown.includes("<strong>rolled-back</strong>")) as Drawn;
    expect(automatic.markdown).toContain("<td>after <code>/resume</code></td>");
  });
});

// Each defect readers met before, drawn on the same page: the checks above must catch every one.
describe("the rendering check catches each defect it guards against", () => {
  const problems = async (markdown: string, entered: number | null = null) => renderingProblems({ markdown, entered }, await page.render(markdown));
  const gantt = (axis: string, bars: string[]) => ["```mermaid", "gantt", "  dateFormat YYYY-MM-DD HH:mm", `  axisFormat ${axis}`, "  section Served", ...bars, "```"].join("\n");

  it("a bar Mermaid drops because its label starts with a one-digit percent", async () => {
    const chart = gantt("%m-%d", ["  0% internal :done, 2026-11-03 15:00, 2026-11-10 15:00", "  10% ten :active, 2026-11-10 15:00, 2026-11-11 15:00"]);
    expect(await problems(chart, 2)).toContain("chart 1: draws 1 of its 2 bars");
  });

  it("a stage entered but not drawn, and an axis that prints a date twice", async () => {
    const chart = gantt("%m-%d", ["  internal 0% :done, 2026-11-03 15:00, 2026-11-04 15:00", "  ten 10% :active, 2026-11-04 15:00, 2026-11-06 15:00"]);
    const found = await problems(chart, 3);
    expect(found).toContain("chart 1: 2 bars served for 3 stages entered");
    expect(found.some((p) => p.startsWith("chart 1: the axis repeats"))).toBe(true);
  });

  it("Markdown inside <details> shown raw, and a comment escaped twice", async () => {
    const found = await problems("<details><summary>Applied: 1 commit</summary>Comment:<blockquote>▶️ **Started**: error-rate &amp;gt; 0.01</blockquote></details>");
    expect(found.some((p) => p.startsWith("bold markers ** shows as text"))).toBe(true);
    expect(found.some((p) => p.startsWith("an escaped entity &gt; shows in the text"))).toBe(true);
  });

  it("a table wider than GitHub's content column", async () => {
    const cell = "2026-11-10&nbsp;15:00&nbsp;UTC";
    const found = await problems(`<table><tr>${"<th>Next eligible</th>".repeat(9)}</tr><tr>${`<td>${cell}</td>`.repeat(9)}</tr></table>`);
    expect(found.some((p) => /^a table is \d+ px wide/.test(p))).toBe(true);
  });

  it("a task list drawn as text instead of checkboxes", async () => {
    expect(await problems("<details><summary>Sign-off</summary>\n- [ ] Code review completed\n</details>")).toContain("1 task list items draw 0 checkboxes");
    expect(await problems("- \\[ ] escaped")).toContain("a task list item shows its box as text: [ ] escaped");
    expect(await problems("* [x] ticked")).toEqual([]);
  });
});
