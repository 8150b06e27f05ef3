/// <reference lib="dom" />
// One Chromium page dressed as a GitHub comment: GitHub's own stylesheet (github-markdown-css)
// in a column as wide as an issue's, and the `mermaid` package loaded from node_modules. A
// surface is drawn by swapping the column's content, so one page serves every surface and the
// 3 MB of Mermaid is parsed once.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Browser, Page } from "puppeteer-core";
import { githubHtml } from "./github-html.js";

/** The width of the Markdown column of an issue or comment on github.com at desktop sizes. */
export const CONTENT_WIDTH = 880;

const require = createRequire(import.meta.url);

export interface ChartReport {
  source: string;
  /** Mermaid's own error (a parse error), or null when it drew the chart. */
  error: string | null;
  /** Bars drawn, milestones included. */
  bars: number;
  /** Labels of the axis ticks, left to right. */
  ticks: string[];
}

export interface RenderedSurface {
  charts: ChartReport[];
  /** Text a reader sees outside code blocks and charts. */
  prose: string;
  /** Text inside code blocks (diffs), where Markdown markers are fine but entities are not. */
  code: string;
  tables: Array<{ width: number; header: string }>;
  checkboxes: number;
  /** Every link: its text and its address as written. */
  links: Array<{ text: string; href: string }>;
  /** List items that show a `[ ]` or `[x]` as text instead of a box. */
  rawTaskItems: string[];
  height: number;
}

/** `width`: the column's width; narrower than GitHub's only for screenshots meant for docs. */
export async function openGithubPage(browser: Browser, width = CONTENT_WIDTH): Promise<GithubPage> {
  const css = await readFile(require.resolve("github-markdown-css/github-markdown-light.css"), "utf8");
  const mermaid = await readFile(require.resolve("mermaid/dist/mermaid.min.js"), "utf8");
  const page = await browser.newPage();
  await page.setViewport({ width: width + 32, height: 600, deviceScaleFactor: 1 });
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style>` +
      `<style>body{margin:0;background:#fff}.markdown-body{box-sizing:border-box;width:${width + 32}px;padding:16px}.markdown-body .mermaid-chart{margin-bottom:16px}</style>` +
      `</head><body><article class="markdown-body"></article></body></html>`,
  );
  await page.addScriptTag({ content: mermaid });
  // GitHub's own settings for diagrams in Markdown: light theme, never run on load.
  await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false, theme: "default", securityLevel: "strict" }));
  return new GithubPage(page, width);
}

export class GithubPage {
  constructor(
    readonly page: Page,
    readonly width: number,
  ) {}

  /** Draws the Markdown in the column and reports what a reader would see. */
  async render(markdown: string): Promise<RenderedSurface> {
    return this.page.evaluate(drawInPage, githubHtml(markdown));
  }

  /** A PNG of the column as drawn by the last render, at most `maxHeight` pixels tall. */
  async screenshot(path: string, maxHeight = 1600): Promise<void> {
    const height = await this.page.evaluate(() => (document.querySelector("article") as HTMLElement).getBoundingClientRect().height);
    await this.page.screenshot({ path: path as `${string}.png`, clip: { x: 0, y: 0, width: this.width + 32, height: Math.min(Math.ceil(height), maxHeight) }, captureBeyondViewport: true });
  }
}

// Runs inside the page: no closures over Node values.
async function drawInPage(html: string): Promise<RenderedSurface> {
  const mermaid = (globalThis as unknown as { mermaid: { render(id: string, source: string): Promise<{ svg: string }> } }).mermaid;
  const article = document.querySelector("article") as HTMLElement;
  article.innerHTML = html;
  // GitHub's classes for task lists, so the boxes sit where GitHub puts them.
  for (const box of article.querySelectorAll("li > input[type=checkbox]")) {
    box.parentElement?.classList.add("task-list-item");
    box.parentElement?.parentElement?.classList.add("contains-task-list");
  }
  const charts: ChartReport[] = [];
  let n = 0;
  for (const code of Array.from(article.querySelectorAll("pre > code.language-mermaid"))) {
    const source = code.textContent ?? "";
    const holder = document.createElement("div");
    holder.className = "mermaid-chart";
    code.parentElement?.replaceWith(holder);
    try {
      const { svg } = await mermaid.render(`chart-${Date.now()}-${++n}`, source);
      holder.innerHTML = svg;
      const ticks = Array.from(holder.querySelectorAll(".tick text")).map((t) => t.textContent ?? "");
      charts.push({ source, error: null, bars: holder.querySelectorAll("rect.task").length, ticks });
    } catch (error) {
      charts.push({ source, error: String((error as Error).message ?? error), bars: 0, ticks: [] });
    }
  }
  const prose: string[] = [];
  const code: string[] = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent === null || parent.closest("svg, .mermaid-chart") !== null) continue;
    // Markdown source on show (the job summary lists issue bodies as they are sent) holds its
    // entities as written: there they are the text itself, not an escape gone wrong.
    if (parent.closest("code.language-markdown") !== null) continue;
    (parent.closest("pre, code") === null ? prose : code).push(node.textContent ?? "");
  }
  const rawTaskItems = Array.from(article.querySelectorAll("li"))
    .map((li) => (li.firstChild?.textContent ?? "").trimStart())
    .filter((t) => /^\[[ xX]\]\s/.test(t));
  return {
    charts,
    prose: prose.join(""),
    code: code.join(""),
    tables: Array.from(article.querySelectorAll("table")).map((t) => ({ width: t.scrollWidth, header: (t.rows[0]?.innerText ?? "").replace(/\s+/g, " ").trim() })),
    checkboxes: article.querySelectorAll("input[type=checkbox]").length,
    links: Array.from(article.querySelectorAll("a[href]")).map((a) => ({ text: a.textContent ?? "", href: a.getAttribute("href") ?? "" })),
    rawTaskItems,
    height: article.getBoundingClientRect().height,
  };
}
