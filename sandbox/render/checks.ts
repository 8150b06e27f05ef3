// What must hold of every surface once drawn as GitHub draws it. Each check names a defect a
// reader once met; test/e2e/stories-rendered.test.ts runs them on every surface of the stories
// and, on samples of each defect, shows that they would catch it again.
import { CONTENT_WIDTH, type RenderedSurface } from "./page.js";

export interface SurfaceSource {
  markdown: string;
  /** Stages entered by then: the bars the timeline's "Served" section must draw; null: no check. */
  entered: number | null;
}

/** Tables allowed past the content column, by their header row, with the reason. None so far. */
const WIDE_TABLES: Record<string, string> = {};

// Markdown that shows as typed instead of as formatting, and HTML tags shown as text.
const RAW_MARKDOWN: Array<[RegExp, string]> = [
  [/\*\*/, "bold markers **"],
  [/(^|\s)__\S/, "underscore emphasis __"],
  [/\\[\\`*_[\]|~$<>#-]/, "a backslash escape"],
  [/<\/?(?:details|summary|br|code|strong|p|table|td|tr|sub)\b[^>]*>/i, "an HTML tag as text"],
  [/(^|\n)#{1,6} /, "a heading marker"],
];
const ENTITY = /&(?:[a-z][a-z0-9]*|#\d+|#x[0-9a-f]+);/i;
const TASK_LINE = /^\s*[-*+] \[[ xX]\] /;

/** The problems a reader would see in this surface; empty when it renders right. */
export function renderingProblems(source: SurfaceSource, page: RenderedSurface): string[] {
  const problems: string[] = [];
  page.charts.forEach((chart, i) => {
    const name = `chart ${i + 1}`;
    if (chart.error !== null) return problems.push(`${name}: Mermaid cannot draw it: ${chart.error}`);
    const tasks = taskLines(chart.source);
    if (chart.bars !== tasks.all) problems.push(`${name}: draws ${chart.bars} of its ${tasks.all} bars`);
    if (source.entered !== null && tasks.served !== Math.min(source.entered, 30)) problems.push(`${name}: ${tasks.served} bars served for ${source.entered} stages entered`);
    const repeated = chart.ticks.filter((t, j) => chart.ticks.indexOf(t) !== j);
    if (repeated.length > 0) problems.push(`${name}: the axis repeats ${[...new Set(repeated)].join(", ")}`);
  });
  for (const [pattern, what] of RAW_MARKDOWN) {
    const found = pattern.exec(page.prose);
    if (found) problems.push(`${what} shows as text: …${around(page.prose, found.index)}…`);
  }
  for (const [where, text] of [["text", page.prose], ["code", page.code]] as const) {
    const found = ENTITY.exec(text);
    if (found) problems.push(`an escaped entity ${found[0]} shows in the ${where}: …${around(text, found.index)}…`);
  }
  for (const table of page.tables) {
    if (table.width > CONTENT_WIDTH && WIDE_TABLES[table.header] === undefined) problems.push(`a table is ${table.width} px wide, past GitHub's ${CONTENT_WIDTH} px column: ${table.header}`);
  }
  for (const item of page.rawTaskItems) problems.push(`a task list item shows its box as text: ${item.slice(0, 60)}`);
  const tasks = outsideCode(source.markdown).filter((line) => TASK_LINE.test(line)).length;
  if (page.checkboxes !== tasks) problems.push(`${tasks} task list items draw ${page.checkboxes} checkboxes`);
  return problems;
}

function taskLines(source: string): { all: number; served: number } {
  let section = "";
  let all = 0;
  let served = 0;
  for (const line of source.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("section ")) section = trimmed.slice(8);
    else if (/^[^:]+ :/.test(trimmed) && !/^(title|dateFormat|axisFormat|tickInterval)\b/.test(trimmed)) {
      all++;
      if (section === "Served") served++;
    }
  }
  return { all, served };
}

/** Lines outside fenced code blocks. */
function outsideCode(markdown: string): string[] {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const open = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && open) fence = open[1] as string;
    else if (fence !== null && line.trim().startsWith(fence)) fence = null;
    else if (fence === null) out.push(line);
  }
  return out;
}

function around(text: string, at: number): string {
  return text.slice(Math.max(0, at - 30), at + 40).replace(/\s+/g, " ");
}
