// What a story leaves behind, as a person would find it on GitHub afterwards: the tracking
// issue's body, the state file, every comment, the check runs, and each Action run's job summary.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Story } from "./driver.js";
import { checkState } from "./observer.js";
import { REPO } from "./world.js";

const SUMMARY_FILE = /^\d{2,}-[a-z_]+\.md$/;
const MOMENT_FILE = /^\d{2,}-[\w.-]+\.md$/;

/** `summaries/07-schedule.md`: numbered in run order. */
function summaryFileName(index: number, event: string): string {
  return `${String(index).padStart(2, "0")}-${event}.md`;
}

function issueBodies(story: Story): { number: number; body: string } {
  const number = story.trackingIssue();
  return { number, body: story.gh.repo(REPO).issues.get(number)?.body ?? "" };
}

function commentsMarkdown(story: Story): string {
  const repo = story.gh.repo(REPO);
  const out = [`# Comments in ${REPO}`, ""];
  for (const issue of [...repo.issues.values()].sort((a, b) => a.number - b.number)) {
    if (issue.commentIds.length === 0) continue;
    out.push(`## #${issue.number} ${issue.title}`, "");
    for (const id of issue.commentIds) {
      const c = story.gh.state.comments.get(id);
      if (!c) continue;
      const reactions = c.reactions.map((r) => `${r.content} by @${r.user}`).join(", ");
      out.push(`### @${c.author} · ${story.narrator.time(Date.parse(c.createdAt))}${reactions ? ` · reactions: ${reactions}` : ""}`, "", c.body, "");
    }
  }
  return out.join("\n");
}

function checksMarkdown(story: Story): string {
  const repo = story.gh.repo(REPO);
  const out = [`# Check runs in ${REPO}`, ""];
  for (const pull of [...repo.pulls.values()].sort((a, b) => a.number - b.number)) {
    const issue = repo.issues.get(pull.number);
    const runs = [...story.gh.state.checkRuns.values()].filter((r) => r.headSha === pull.headSha).sort((a, b) => a.id - b.id);
    out.push(`## Pull request #${pull.number} ${issue?.title ?? ""}`, "", `Head \`${pull.headSha.slice(0, 7)}\`${pull.merged ? `, merged by @${pull.mergedBy ?? "?"}` : ""}.`, "");
    out.push("| Check | State | Title | Completed |", "| --- | --- | --- | --- |");
    for (const r of runs) {
      const completed = r.completedAt ? story.narrator.time(Date.parse(r.completedAt)) : "—";
      out.push(`| ${r.name} | ${checkState(r)} | ${(r.output.title ?? "").replace(/\|/g, "\\|")} | ${completed} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

/** Writes everything into `dir` (created if needed); returns the paths written, relative to it. */
export async function writeArtifacts(story: Story, dir: string): Promise<string[]> {
  const files: Array<[string, string]> = [
    ["story.txt", story.narrator.transcript()],
    ["tracking-issue.md", issueBodies(story).body],
    ["comments.md", commentsMarkdown(story)],
    ["checks.md", checksMarkdown(story)],
  ];
  const state = story.world.stateText();
  if (state !== null) files.push(["state.yml", state]);

  await mkdir(join(dir, "summaries"), { recursive: true });
  // Summaries of an earlier, longer story would read as part of this one.
  for (const name of await readdir(join(dir, "summaries"))) {
    if (SUMMARY_FILE.test(name)) await rm(join(dir, "summaries", name));
  }
  for (const { index, event, run } of story.runs) files.push([join("summaries", summaryFileName(index, event)), run.summary]);
  // The tracking issue as it read at each stage and status, oldest first.
  await mkdir(join(dir, "tracking-issue"), { recursive: true });
  for (const name of await readdir(join(dir, "tracking-issue"))) if (MOMENT_FILE.test(name)) await rm(join(dir, "tracking-issue", name));
  story.issueMoments.forEach((m, i) => files.push([join("tracking-issue", `${String(i + 1).padStart(2, "0")}-${m.label}.md`), m.body]));
  for (const [path, text] of files) await writeFile(join(dir, path), text);
  return files.map(([path]) => path);
}
