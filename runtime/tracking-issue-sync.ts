// Keeps one tracking issue per rollout. The issue is found by its hidden marker among issues
// labeled `stagegate` (titles can be edited by anyone), created once when missing, and updated
// only when what it says changes (core/tracking-issue/substance.ts), so re-rendering on every
// event and every run of the clock is harmless. Issue bodies have no compare-and-swap: writes to
// one issue are serialized in this process and each is computed from a fresh read, which keeps
// the window for a lost human edit as small as it can be.
import { rolloutMarker } from "../core/tracking-issue/marker.js";
import { sameSubstance } from "../core/tracking-issue/substance.js";
import { issueTitle } from "../core/tracking-issue/summary.js";
import type { GitHubPort, IssueData } from "../port/github-port.js";
import { KeyedMutex } from "./keyed-mutex.js";
import { applyWrite } from "./writes.js";

export const TRACKING_LABEL = "stagegate";

/** Serializes writes per issue within this process; shared by every handler. */
const issueWrites = new KeyedMutex();

function issueKey(port: GitHubPort, rollout: string): string {
  return `${port.repo.owner}/${port.repo.repo}#${rollout}`.toLowerCase();
}

/**
 * The rollout's tracking issue among listed issues: the one carrying its marker, or else (a body
 * someone replaced before the state file could record the number) the one with its title.
 * Duplicates (from a past race) resolve to the oldest.
 */
function trackingIssueIn(issues: IssueData[], rollout: string): IssueData | null {
  const marker = rolloutMarker(rollout);
  const title = issueTitle({ name: rollout });
  const marked = issues.filter((issue) => issue.body.includes(marker));
  const matches = marked.length > 0 ? marked : issues.filter((issue) => issue.title === title);
  if (matches.length === 0) return null;
  return matches.reduce((oldest, issue) => (issue.number < oldest.number ? issue : oldest));
}

/** The rollout's tracking issue, or null. Duplicates (from a past race) resolve to the oldest. */
export async function findTrackingIssue(port: GitHubPort, rollout: string): Promise<IssueData | null> {
  return trackingIssueIn(await port.listIssuesWithLabel(TRACKING_LABEL), rollout);
}

/**
 * Every tracking issue of a repository, listed once and on first need: the clock renders all of
 * them in one run, and one listing (100 issues a page) costs less than a search per rollout.
 */
export class TrackingIssueIndex {
  #listing: Promise<IssueData[]> | null = null;

  constructor(
    private readonly port: GitHubPort,
    /** Issues already found (by the batched load); a rollout not in it is looked for in the listing. */
    private readonly known: ReadonlyMap<string, IssueData> = new Map(),
  ) {}

  async find(rollout: string): Promise<IssueData | null> {
    const known = this.known.get(rollout);
    if (known !== undefined) return known;
    this.#listing ??= this.port.listIssuesWithLabel(TRACKING_LABEL);
    return trackingIssueIn(await this.#listing, rollout);
  }
}

export interface SyncOptions {
  /**
   * Where to look first: the run's listing of tracking issues. When the rendering says what the
   * listed issue already says, nothing more is read or written.
   */
  index?: TrackingIssueIndex;
  /** The issue's number, when the event names it (a tick or a command on it): no search. */
  number?: number;
  /**
   * The number the state file records (`tracking-issue:`): that issue is the rollout's whatever
   * was done to its title, body or marker, and the rendering is restored there.
   */
  recorded?: number | null;
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
export async function syncTrackingIssue(port: GitHubPort, rollout: string, render: (current: IssueData | null) => IssueContent | Promise<IssueContent>, options: SyncOptions = {}): Promise<SyncResult> {
  return issueWrites.run(issueKey(port, rollout), async () => {
    const recorded = options.recorded ?? null;
    const listed = options.index === undefined ? null : await options.index.find(rollout);
    if (listed !== null && (recorded === null || listed.number === recorded)) {
      const content = await render(listed);
      if (unchanged(listed, content)) return { issue: listed, created: false, updated: false };
    }
    // A listing may lag a moment behind writes; read the issue itself before editing it. Only an
    // issue that carries the rollout's marker, or the one its state file records, is its tracking issue.
    let fresh: IssueData | null = null;
    for (const known of new Set([options.number, recorded, listed?.number])) {
      if (known === undefined || known === null) continue;
      const read = await port.getIssue(known);
      if (read !== null && (read.number === recorded || read.body.includes(rolloutMarker(rollout)))) {
        fresh = read;
        break;
      }
    }
    const found = fresh ?? (await findTrackingIssue(port, rollout));
    const current = found === null || found === fresh ? found : ((await port.getIssue(found.number)) ?? found);
    const content = await render(current);
    if (current === null) {
      const issue = await applyWrite(port, { kind: "create-issue", title: content.title, body: content.body, labels: [TRACKING_LABEL] });
      return { issue, created: true, updated: false };
    }
    if (unchanged(current, content)) return { issue: current, created: false, updated: false };
    const patch = { ...(current.title !== content.title ? { title: content.title } : {}), ...(current.body !== content.body ? { body: content.body } : {}) };
    const issue = await applyWrite(port, { kind: "update-issue", number: current.number, patch });
    return { issue, created: false, updated: true };
  });
}

// A body that differs only in its time stamp or in live gate values says nothing new, and
// rewriting it would make every redelivered event and every run of the clock an edit.
function unchanged(current: IssueData, content: IssueContent): boolean {
  return current.title === content.title && sameSubstance(current.body, content.body);
}
