// Keeps one tracking issue per rollout. The issue is found by its hidden marker among issues
// labeled `stagegate` (titles can be edited by anyone), created once when missing, and updated
// only when its text differs, so re-rendering on every event is harmless. Issue bodies have no
// compare-and-swap: writes to one issue are serialized in this process and each is computed
// from a fresh read, which keeps the window for a lost human edit as small as it can be.
import { rolloutMarker } from "../core/tracking-issue/marker.js";
import type { GitHubPort, IssueData } from "../port/github-port.js";
import { KeyedMutex } from "./keyed-mutex.js";

export const TRACKING_LABEL = "stagegate";

/** Serializes writes per issue within this process; shared by every handler. */
export const issueWrites = new KeyedMutex();

export function issueKey(port: GitHubPort, rollout: string): string {
  return `${port.repo.owner}/${port.repo.repo}#${rollout}`.toLowerCase();
}

/** The rollout's tracking issue, or null. Duplicates (from a past race) resolve to the oldest. */
export async function findTrackingIssue(port: GitHubPort, rollout: string): Promise<IssueData | null> {
  const marker = rolloutMarker(rollout);
  const matches = (await port.listIssuesWithLabel(TRACKING_LABEL)).filter((issue) => issue.body.includes(marker));
  if (matches.length === 0) return null;
  return matches.reduce((oldest, issue) => (issue.number < oldest.number ? issue : oldest));
}

export interface IssueContent {
  title: string;
  body: string;
}

export interface SyncResult {
  issue: IssueData;
  created: boolean;
  updated: boolean;
}

/**
 * Creates or updates the rollout's tracking issue. `render` gets the issue as it is right now
 * (null when there is none), so that a caller can keep parts of the current body (boxes ticked
 * by events not handled yet).
 */
export async function syncTrackingIssue(port: GitHubPort, rollout: string, render: (current: IssueData | null) => IssueContent): Promise<SyncResult> {
  return issueWrites.run(issueKey(port, rollout), async () => {
    const found = await findTrackingIssue(port, rollout);
    // The list endpoint may lag a moment behind writes; read the issue itself before editing it.
    const current = found === null ? null : ((await port.getIssue(found.number)) ?? found);
    const content = render(current);
    if (current === null) {
      const issue = await port.createIssue({ title: content.title, body: content.body, labels: [TRACKING_LABEL] });
      return { issue, created: true, updated: false };
    }
    if (sameBody(current.body, content.body) && current.title === content.title) return { issue: current, created: false, updated: false };
    const issue = await port.updateIssue(current.number, {
      ...(current.title !== content.title ? { title: content.title } : {}),
      ...(current.body !== content.body ? { body: content.body } : {}),
    });
    return { issue, created: false, updated: true };
  });
}

// The renderer stamps the body with the time it rendered; a body that differs only there says
// nothing new, and rewriting it would make every redelivered event an edit.
const STAMP = /^<sub>Updated .* by stagegate\b.*$/m;

function sameBody(a: string, b: string): boolean {
  return a === b || a.replace(STAMP, "") === b.replace(STAMP, "");
}
