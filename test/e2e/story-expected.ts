// What the seed story must leave behind, written out by hand: the ticks happen at fixed instants
// of the simulated clock, so every approval's author and time is known in advance.

// [item, stage, by, at] for every approval, in the order the state file keeps them.
export const SEED_APPROVALS: Array<[string, string | null, string, string]> = [
  ["code-review", null, "lee", "2026-11-23T19:00:00Z"],
  ["security-review", null, "sam", "2026-11-23T16:00:00Z"],
  ["performance-testing", null, "omar", "2026-11-24T19:00:00Z"],
  ["accessibility-testing", null, "quinn", "2026-11-24T15:00:00Z"],
  ["documentation", null, "pam", "2026-11-24T21:00:00Z"],
  ["support-briefed", null, "pam", "2026-11-24T21:01:00Z"],
  ["rollback-plan", null, "omar", "2026-11-24T19:01:00Z"],
  ["communication-plan", null, "pam", "2026-11-24T21:02:00Z"],
  ["component-reviewed", null, "lee", "2026-11-23T19:01:00Z"],
  ["api-spec-reviewed", null, "lee", "2026-11-23T19:02:00Z"],
  ["backend-reviewed", null, "lee", "2026-11-23T19:03:00Z"],
  ["test-checklist", null, "quinn", "2026-11-24T15:01:00Z"],
  ["accessibility-met", null, "quinn", "2026-11-24T15:02:00Z"],
  ["benchmarks-achieved", null, "elena", "2026-11-23T20:30:00Z"],
  ["dev-environment", null, "elena", "2026-11-23T20:31:00Z"],
  ["staging-environment", null, "omar", "2026-11-24T19:02:00Z"],
  ["production-ready", null, "omar", "2026-11-24T19:03:00Z"],
  ["migrations-prepared", null, "elena", "2026-11-23T20:32:00Z"],
  ["secrets-set", null, "sam", "2026-11-23T16:01:00Z"],
  ["unit-tests", null, "quinn", "2026-11-24T15:03:00Z"],
  ["integration-tests", null, "quinn", "2026-11-24T15:04:00Z"],
  ["e2e-tests", null, "quinn", "2026-11-24T15:05:00Z"],
  ["accessibility-tests", null, "qiu", "2026-11-24T16:00:00Z"],
  ["performance-tests", null, "qiu", "2026-11-24T16:01:00Z"],
  ["security-tests", null, "sam", "2026-11-23T16:02:00Z"],
  ["cross-browser-tests", null, "qiu", "2026-11-24T16:02:00Z"],
  ["mobile-tests", null, "qiu", "2026-11-24T16:03:00Z"],
  ["no-critical-bugs", "internal", "quinn", "2026-11-30T16:00:00Z"],
  ["core-functionality", "internal", "quinn", "2026-11-30T16:01:00Z"],
  ["analytics-events", "internal", "pam", "2026-11-30T16:30:00Z"],
  ["internal-performance", "internal", "lee", "2026-11-30T17:00:00Z"],
  ["beta-feedback", "beta", "pam", "2026-12-14T15:00:00Z"],
  ["beta-bug-rate", "beta", "quinn", "2026-12-14T15:30:00Z"],
  ["beta-performance", "beta", "omar", "2026-12-14T16:00:00Z"],
  ["beta-data-integrity", "beta", "lee", "2026-12-14T16:30:00Z"],
  ["ten-system-performance", "ten", "omar", "2026-12-16T20:00:00Z"],
  ["ten-engagement", "ten", "pam", "2026-12-16T20:30:00Z"],
  ["ten-no-data-loss", "ten", "lee", "2026-12-16T21:00:00Z"],
  ["quarter-system-performance", "quarter", "omar", "2026-12-17T20:00:00Z"],
  ["quarter-engagement", "quarter", "pam", "2026-12-17T20:30:00Z"],
  ["quarter-no-data-loss", "quarter", "lee", "2026-12-17T21:00:00Z"],
  ["half-system-performance", "half", "omar", "2026-12-18T20:00:00Z"],
  ["half-engagement", "half", "pam", "2026-12-18T20:30:00Z"],
  ["half-no-data-loss", "half", "lee", "2026-12-18T21:00:00Z"],
];

export const approvalsOf = (rows: typeof SEED_APPROVALS) => rows.map(([item, stage, by, at]) => ({ item, stage, by, at }));
/** History entries of approvals by these people, as historySequence writes them. */
export const approve = (...who: string[]) => who.map((by) => `approve -→- by ${by}`);

/** The seed story's history, as historySequence writes it. */
export const SEED_HISTORY = [
  "start -→internal by stagegate",
  ...approve("quinn", "quinn", "pam", "lee"),
  "promote internal→beta by stagegate",
  ...approve("pam", "quinn", "omar", "lee"),
  "promote beta→ten by stagegate",
  ...approve("omar", "pam", "lee"),
  "promote ten→quarter by stagegate",
  ...approve("omar", "pam", "lee"),
  "promote quarter→half by stagegate",
  ...approve("omar", "pam", "lee"),
  "promote half→full by stagegate",
  "complete -→full by stagegate",
];

/** The rollback story's history: alerts on the spike, the automatic rollback, the resume, the promotions and the rollback by hand. */
export const ROLLBACK_HISTORY = [
  "start -→internal by stagegate",
  ...approve("quinn", "quinn", "pam", "lee"),
  "promote internal→beta by stagegate",
  ...approve("pam", "quinn", "omar", "lee"),
  "promote beta→ten by stagegate",
  "alert -→- by stagegate",
  "alert-resolved -→- by stagegate",
  "alert -→- by stagegate",
  "rollback ten→internal by stagegate",
  "resume -→- by omar",
  "alert-resolved -→- by stagegate",
  "promote internal→beta by stagegate",
  "promote beta→ten by stagegate",
  "rollback ten→beta by ada",
];
