// Posts the announcements a rollout's history calls for (core/announcements.ts decides which) on
// its tracking issue, as part of rendering it: the issue is read there anyway, and its body holds
// the record of what was announced, so a run with nothing new to say reads no comment at all.
// Announcements are posted before the body that records them is written: a process that dies in
// between leaves a record that lags, and the next run lists the comments and finds them posted.
import { announcedKeysIn, readAnnouncedRecord, recordForNewIssue } from "../core/announcements.js";
import { announcementsToPost } from "../core/engine/announcement-body.js";
import type { HistoryEntry, Plan, Settings } from "../core/model.js";
import type { GitHubPort, IssueData } from "../port/github-port.js";
import { applyWrite } from "./writes.js";

/** What a step applied in this process says about announcements. */
export interface StepAnnouncements {
  /** The announcements of entries this process just committed: key → the comment to post. */
  own: ReadonlyMap<string, string>;
  /** Keys this process has posted already (the issue's record may not say so yet). */
  posted: Set<string>;
}

export const noAnnouncements = (): StepAnnouncements => ({ own: new Map(), posted: new Set() });

// Only a bot's comment counts: a person pasting a key into a comment cannot silence an
// announcement. Both stagegate's App and the workflow's token (`github-actions[bot]`) post them.
const isBot = (login: string) => login.toLowerCase().endsWith("[bot]");

export class Announcer {
  readonly #listed = new Map<number, Set<string>>();

  constructor(
    private readonly port: GitHubPort,
    private readonly rollout: { settings: Settings; plan: Plan; history: readonly HistoryEntry[]; now: Date },
    private readonly step: StepAnnouncements = noAnnouncements(),
  ) {}

  /** The record a tracking issue created now starts with. */
  recordForNewIssue(): string | null {
    return recordForNewIssue(this.rollout.history, new Set(this.step.own.keys()));
  }

  /** Whether some of this process's own announcements still wait for an issue to go on. */
  get ownPending(): boolean {
    return [...this.step.own.keys()].some((key) => !this.step.posted.has(key));
  }

  /** Posts what `issue` lacks and returns the record its body should carry (undefined: none). */
  async announceOn(issue: IssueData): Promise<string | null | undefined> {
    const { settings, plan, history, now } = this.rollout;
    const decide = () => {
      const listed = this.#listed.get(issue.number);
      const present = new Set([...this.step.posted, ...(listed ?? [])]);
      return announcementsToPost(settings, plan, { history, recorded: readAnnouncedRecord(issue.body), present, listed: listed !== undefined, own: this.step.own, now });
    };
    let decision = decide();
    if (decision.kind === "list-comments") {
      const comments = await this.port.listComments(issue.number);
      this.#listed.set(issue.number, new Set(comments.filter((c) => isBot(c.user)).flatMap((c) => announcedKeysIn(plan.name, c.body))));
      decision = decide();
      if (decision.kind === "list-comments") throw new Error("announcements: listed comments and still asked for them");
    }
    for (const effect of decision.effects) {
      if (effect.key === undefined || this.step.posted.has(effect.key)) continue;
      await applyWrite(this.port, { kind: "comment", issue: issue.number, body: effect.body });
      this.step.posted.add(effect.key);
    }
    return decision.record;
  }
}
