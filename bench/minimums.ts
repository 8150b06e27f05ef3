// The fewest calls charged to the rate limit that each operation needs, and why each is needed.
// Reads the App has made before are not in the minimum: it asks for them conditionally and an
// unchanged answer comes back 304, which GitHub does not charge. The bench prints each minimum
// beside the measured figure; docs/performance.md gives the same reasoning.

export interface NeededCall {
  call: string;
  why: string;
}

export interface Minimum {
  operation: string;
  /** Calls the operation cannot do without, each charged to the rate limit. */
  needed: NeededCall[];
  /** Reads it also makes, free when what they read has not changed (304). */
  conditional: string[];
}

const ISSUE_NOW: NeededCall = { call: "GET the tracking issue", why: "the tick changed it; its current body says whether a later edit already undid this one (edits can arrive out of order)" };
const ISSUE_WRITE: NeededCall = { call: "PATCH the tracking issue", why: "show the recorded tick (✅ @who · when) or put a refused box back" };
const COMMIT: NeededCall = { call: "PUT the state file", why: "the change is a commit of the state file, with the sha that was read (compare-and-swap)" };
const STATE_READ: NeededCall = { call: "GET the state file", why: "it changed since the App last read it (its own last commit, at least): the commit needs its current sha" };
const EYES: NeededCall = { call: "POST 👀 on the comment", why: "acknowledge receipt; its 200 (already there) or 201 also tells a redelivery from a first delivery" };
const FINAL: NeededCall = { call: "POST 🚀 or 😕 on the comment", why: "the outcome, and the record that the command was answered" };

export const MINIMUMS: Minimum[] = [
  {
    operation: "tick: sign-off on an open plan PR",
    needed: [
      ISSUE_NOW,
      { call: "GET the plans folder on the default branch", why: "a rollout already started records ticks in its state file, not on the PR; before the first plan is merged the folder is a 404, which has no ETag" },
      { call: "GET the check runs of the PR head", why: "the sign-offs recorded so far (only the App's own runs count); changed by the App's own last write" },
      { call: "PATCH the item's check run", why: "the sign-off itself: only the App can write its check runs, so only the App can sign off" },
      ISSUE_WRITE,
    ],
    conditional: ["settings", "the plan PR", "the plans folder and the plan at the PR head", "the issue again, right before writing it", "team membership (when the role is a team)"],
  },
  {
    operation: "tick: sign-off whose role is a team",
    needed: [
      ISSUE_NOW,
      { call: "GET the plans folder on the default branch", why: "as for any sign-off: has the rollout started?" },
      { call: "GET the check runs of the PR head", why: "the sign-offs recorded so far" },
      { call: "PATCH the item's check run", why: "the sign-off itself" },
      ISSUE_WRITE,
    ],
    conditional: ["the person's team membership (checked on every tick: a pending invitation or a removal counts at once; the first check of a person is charged)", "settings", "the plan PR and its plan", "the issue again"],
  },
  {
    operation: "tick: exit item on a running rollout",
    needed: [ISSUE_NOW, { call: "GET the plans folder", why: "its state/ entry changed with the last commit of any state file" }, STATE_READ, COMMIT, ISSUE_WRITE],
    conditional: ["settings", "the plan", "the issue again, right before writing it"],
  },
  {
    operation: "tick by someone without the role",
    needed: [
      ISSUE_NOW,
      { call: "GET the plans folder on the default branch", why: "as for any tick: where would it be recorded" },
      { call: "GET the check runs of the PR head", why: "the issue is re-rendered from the recorded sign-offs, which changed since the App last listed them" },
      { call: "PATCH the tracking issue", why: "put the box back as it was" },
      { call: "POST a comment", why: "say who may tick it" },
    ],
    conditional: ["settings", "the plan PR and its plan", "team membership of the person", "the issue again"],
  },
  {
    operation: "/promote, not eligible",
    needed: [EYES, { call: "GET the state file", why: "eligibility is decided on the state as committed now" }, { call: "POST the reply", why: "say exactly what is missing" }, FINAL],
    conditional: ["settings", "the plans folder and the plan", "the person's repository permission", "the reactions (a redelivery check)", "the tracking issue (healed only if stale)"],
  },
  {
    operation: "/promote, eligible",
    needed: [EYES, COMMIT, { call: "GET the tracking issue", why: "read right before writing it (no compare-and-swap for issues)" }, { call: "PATCH the tracking issue", why: "show the new stage" }, { call: "POST the announcement", why: "the promotion, mentioning the plan's roles" }, FINAL],
    conditional: ["settings", "the plans folder, the plan and the state file", "the person's permission", "the reactions"],
  },
  {
    operation: "/rollback",
    needed: [EYES, COMMIT, { call: "GET the tracking issue", why: "read right before writing it" }, { call: "PATCH the tracking issue", why: "show the rollback" }, { call: "POST the announcement", why: "the rollback, mentioning the rollback roles" }, FINAL],
    conditional: ["settings", "the plans folder, the plan and the state file", "the person's permission", "the reactions"],
  },
  {
    operation: "scheduled run, nothing to do",
    needed: [
      // The default branch is not read: a scheduled run runs on it, and GITHUB_REF names it.
      { call: "POST /graphql: the settings and the plans folder", why: "every plan's text and the state files beside them (with the sha a commit would need), in one query" },
      {
        call: "POST /graphql: what the plans name",
        why: "state files kept elsewhere, the last commit of each state file, and each tracking issue (by the number its state records, or by a search for its marker), in one query: what the plans say is needed to know what to ask",
      },
    ],
    conditional: [],
  },
  {
    operation: "scheduled run that promotes",
    needed: [
      { call: "the two reads of a run with nothing to do", why: "as above" },
      COMMIT,
      { call: "GET the tracking issue", why: "read right before writing it" },
      { call: "PATCH the tracking issue", why: "show the new stage" },
      { call: "POST the announcement", why: "the promotion, mentioning the plan's roles" },
    ],
    conditional: [],
  },
];

/** The minimum number of charged calls of an operation (the run's two reads count as two). */
export function minimumCalls(operation: string): number | null {
  const minimum = MINIMUMS.find((m) => m.operation === operation);
  if (minimum === undefined) return null;
  return minimum.needed.reduce((n, c) => n + (c.call.startsWith("the two reads") ? 2 : 1), 0);
}
