// The state file SPEC.md shows, as text and as the domain model it parses to: the parser's and
// the serializer's tests both pin themselves to it.
import type { RolloutState } from "../../../core/model.js";

export const STATE_FILE = ".github/rollouts/state/playlist-editor.yml";

export const SPEC_EXAMPLE = `# Managed by stagegate. Change it with /promote, /rollback, /pause — not by hand.
rollout: playlist-editor
stage: quarter
percent: 25
status: progressing        # awaiting-signoff | progressing | paused | rolled-back | complete
entered: 2026-12-03T14:00:00Z
approvals:                 # verified ticks, per stage exit item and sign-off item
  - { item: no-critical-bugs, stage: internal, by: quinn, at: 2026-11-30T16:02:11Z }
  - { item: code-review, by: erin, at: 2026-11-29T10:00:00Z }
history:                   # append-only audit trail
  - { at: 2026-12-03T14:00:00Z, action: promote, from: ten, to: quarter, by: stagegate, reason: "bake 24h elapsed, gates passed" }
`;

/** What SPEC_EXAMPLE parses to. */
export const QUARTER: RolloutState = {
  rollout: "playlist-editor",
  trackingIssue: null,
  stage: "quarter",
  percent: 25,
  status: "progressing",
  entered: "2026-12-03T14:00:00Z",
  resumeTo: null,
  approvals: [
    { item: "no-critical-bugs", stage: "internal", by: "quinn", at: "2026-11-30T16:02:11Z" },
    { item: "code-review", stage: null, by: "erin", at: "2026-11-29T10:00:00Z" },
  ],
  openAlerts: [],
  history: [{ at: "2026-12-03T14:00:00Z", action: "promote", from: "ten", to: "quarter", by: "stagegate", reason: "bake 24h elapsed, gates passed" }],
};
