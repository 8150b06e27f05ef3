// Every Markdown surface a story leaves on GitHub, as a person meets them: the tracking issue at
// each stage and status it passed through, every comment, every check run's output and every
// job summary. The rendering check (test/e2e/stories-rendered.test.ts) and `npm run render` draw
// these in a browser.
import type { HistoryEntry } from "../../core/model.js";
import type { Story } from "../story/driver.js";
import { REPO } from "../story/world.js";

export type SurfaceKind = "tracking-issue" | "comment" | "check-run" | "job-summary";

export interface Surface {
  /** Unique within a story, usable as a file name: `tracking-issue-03-beta-progressing`. */
  id: string;
  kind: SurfaceKind;
  markdown: string;
  /**
   * Stages entered by then (the start, each promotion and rollback): the bars the timeline's
   * "Served" section must draw. Null for surfaces without a timeline.
   */
  entered: number | null;
  /** When the surface was written, ISO-8601 UTC. */
  at: string;
}

const ENTERS = new Set<HistoryEntry["action"]>(["start", "promote", "force-promote", "rollback"]);
const pad = (n: number) => String(n).padStart(2, "0");

export function storySurfaces(story: Story): Surface[] {
  const history = story.state()?.history ?? [];
  // History only grows, so the entries up to an instant are the state's history at that instant.
  const enteredBy = (at: string) => history.filter((h) => ENTERS.has(h.action) && h.to !== null && Date.parse(h.at) <= Date.parse(at)).length;
  const surfaces: Surface[] = [];
  story.issueMoments.forEach((m, i) => surfaces.push({ id: `tracking-issue-${pad(i + 1)}-${m.label}`, kind: "tracking-issue", markdown: m.body, entered: enteredBy(m.at), at: m.at }));

  const repo = story.gh.repo(REPO);
  let n = 0;
  for (const issue of [...repo.issues.values()].sort((a, b) => a.number - b.number)) {
    for (const id of issue.commentIds) {
      const c = story.gh.state.comments.get(id);
      if (c) surfaces.push({ id: `comment-${pad(++n)}-${c.author.replace(/\[bot\]$/, "")}`, kind: "comment", markdown: c.body, entered: null, at: c.createdAt });
    }
  }
  for (const run of [...story.gh.state.checkRuns.values()].sort((a, b) => a.id - b.id)) {
    const markdown = [run.output.summary, run.output.text].filter((t): t is string => t !== null && t !== "").join("\n\n");
    if (markdown !== "") surfaces.push({ id: `check-run-${run.id}-${run.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`, kind: "check-run", markdown, entered: null, at: run.completedAt ?? run.startedAt ?? "" });
  }
  for (const { index, event, at, run } of story.runs) surfaces.push({ id: `job-summary-${pad(index)}-${event}`, kind: "job-summary", markdown: run.summary, entered: enteredBy(at), at });
  return surfaces;
}
