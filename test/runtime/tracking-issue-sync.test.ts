import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rolloutMarker } from "../../core/tracking-issue/marker.js";
import { keepPendingTicks } from "../../runtime/pending-ticks.js";
import { syncTrackingIssue } from "../../runtime/tracking-issue-sync.js";
import { REPO, startRuntimeWorld, type RuntimeWorld } from "./world.js";

describe("syncTrackingIssue", () => {
  let w: RuntimeWorld;
  beforeEach(async () => {
    w = await startRuntimeWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  const body = (text: string, stamp = "2026-11-30 14:00 UTC") => `${rolloutMarker("playlist-editor")}\n## Rollout\n\n${text}\n\n<sub>Updated ${stamp} by stagegate from plan.yml. Tick boxes here.</sub>\n`;
  const content = (text: string, stamp?: string) => () => ({ title: "Rollout: playlist-editor", body: body(text, stamp) });
  const issues = () => [...w.emulator.repo(REPO).issues.values()];
  const PATCH = { route: "PATCH /repos/{owner}/{repo}/issues/{issue_number}" };

  it("creates the issue once, labeled, and rewrites it only when its content changes", async () => {
    const first = await syncTrackingIssue(w.port, "playlist-editor", content("stage internal"));
    expect(first).toMatchObject({ created: true, updated: false });
    expect(issues().map((i) => [i.title, i.labels])).toEqual([["Rollout: playlist-editor", ["stagegate"]]]);

    expect(await syncTrackingIssue(w.port, "playlist-editor", content("stage internal"))).toMatchObject({ created: false, updated: false });
    // A newer time stamp alone is not a change worth an edit.
    expect(await syncTrackingIssue(w.port, "playlist-editor", content("stage internal", "2026-11-30 15:00 UTC"))).toMatchObject({ updated: false });
    expect(w.emulator.requests.count(PATCH)).toBe(0);

    expect(await syncTrackingIssue(w.port, "playlist-editor", content("stage beta"))).toMatchObject({ updated: true });
    expect(issues()).toHaveLength(1);
    expect(issues()[0]?.body).toContain("stage beta");
  });

  it("finds the issue by its marker after someone renamed it, and restores the title", async () => {
    const { issue } = await syncTrackingIssue(w.port, "playlist-editor", content("stage internal"));
    await w.emulator.as("ada").editIssueBody(REPO, issue.number, (b) => b);
    w.emulator.repo(REPO).issues.get(issue.number)!.title = "pls ignore";
    const again = await syncTrackingIssue(w.port, "playlist-editor", content("stage internal"));
    expect(again).toMatchObject({ created: false, updated: true, issue: { number: issue.number, title: "Rollout: playlist-editor" } });
  });

  it("creates a single issue when several events render it at once", async () => {
    await Promise.all([1, 2, 3].map((n) => syncTrackingIssue(w.port, "playlist-editor", content(`render ${n}`))));
    expect(issues()).toHaveLength(1);
    expect(issues()[0]?.body).toContain("render 3");
  });
});

describe("keepPendingTicks", () => {
  const line = (key: string, checked: boolean, approvedBy: string | null) =>
    `- [${checked ? "x" : " "}] Item ${key} <!-- stagegate:item signoff/${key} --> — ${approvedBy === null ? "_role: qa-lead_" : `✅ @${approvedBy} · 2026-11-30 14:00 UTC`}`;
  const issue = (...lines: string[]) => `${rolloutMarker("r")}\n\n${lines.join("\n")}\n`;

  it("keeps a box clicked since the last render whose event is still on its way", () => {
    const current = issue(line("a", true, null), line("b", false, null));
    const rendered = issue(line("a", false, null), line("b", false, null));
    expect(keepPendingTicks(rendered, current, new Set())).toBe(issue(line("a", true, null), line("b", false, null)));
  });

  it("shows the truth for boxes the current event judged", () => {
    const current = issue(line("a", true, null));
    const rendered = issue(line("a", false, null));
    expect(keepPendingTicks(rendered, current, new Set(["signoff/a"]))).toBe(rendered);
  });

  it("lets a newer truth replace a box that only shows an older truth", () => {
    // Rendered approved last time; the approval has since been dismissed.
    const current = issue(line("a", true, "sam"));
    const rendered = issue(line("a", false, null));
    expect(keepPendingTicks(rendered, current, new Set())).toBe(rendered);
  });

  it("keeps an untick of an approved item until its event is judged", () => {
    const current = issue(line("a", false, "sam"));
    const rendered = issue(line("a", true, "sam"));
    expect(keepPendingTicks(rendered, current, new Set())).toBe(issue(line("a", false, "sam")));
  });
});
