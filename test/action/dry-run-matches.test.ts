// A dry run prints the writes a real run makes: for each step of a rollout's life (the merge, a
// promotion, an alert, a rollback, a quiet tick), the dry run goes first and prints its writes,
// then a real run at the same instant writes to the emulator, and what it wrote there (read back
// from the emulator's repository: commits, issues, comments, in the order of its requests) must
// be exactly what the dry run printed — the same kinds, targets and contents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedWrite } from "../../runtime/write-recorder.js";
import { isWrite } from "../../sandbox/github-emulator/index.js";
import { asPrinted, madeWrites, printedWrites, snapshot } from "./observed-writes.js";
import { PLAN_PATH, PLAN_YAML, REPO, scenario, signOff, type Scenario } from "./scenario.js";

// The plan also keeps a flagd file beside its state: that write reads the state just committed.
const PLAN = `${PLAN_YAML}flagd: true\n`;

let s: Scenario;
beforeAll(async () => {
  s = await scenario({ plan: false });
});
afterAll(() => s?.close());

/** A dry run, then a real run of the same event at the same instant: the dry run printed what the real run wrote. */
async function bothRuns(event: "push" | "schedule", inputs: Record<string, string>, payload?: Record<string, unknown>): Promise<RecordedWrite[]> {
  const before = snapshot(s.emulator, REPO);
  const dry = await s.run({ event, ...(payload ? { payload } : {}), inputs: { ...inputs, "dry-run": "true" } });
  expect(dry.code).toBe(0);
  expect(s.emulator.requests.all().slice(before.requests).filter(isWrite)).toEqual([]);

  const real = await s.run({ event, ...(payload ? { payload } : {}), inputs });
  expect(real.code).toBe(0);
  const made = madeWrites(s.emulator, REPO, before);
  const created = new Set([...s.emulator.repo(REPO).issues.keys()].filter((n) => !before.issues.has(n)));
  expect(printedWrites(dry)).toEqual(asPrinted(made, created));
  // The real run's log lists the same writes, with the new issue's number.
  expect(printedWrites(real)).toEqual(asPrinted(made, new Set()));
  return made;
}

const kinds = (writes: RecordedWrite[]) => writes.map(({ write }) => (write.kind === "commit-file" ? `commit ${write.path.split("/").at(-1)}` : write.kind));

describe("a dry run prints exactly the writes a real run then makes", () => {
  it("at the merge of the plan: the state file, the flagd file, the tracking issue and the announcement", async () => {
    const pr = await s.emulator.as("pam").openPullRequest(REPO, { head: "editor-plan", title: "Roll out the editor", files: { [PLAN_PATH]: PLAN } });
    await signOff(s, pr.value.headSha, [
      { id: "code-review", by: "quinn", at: "2026-11-30T13:00:00Z" },
      { id: "security", by: "pam", at: "2026-11-30T13:00:00Z" },
    ]);
    const merged = await s.emulator.as("pam").merge(REPO, pr.value.number);
    const { installation: _i, ...payload } = merged.deliveries.find((d) => d.event === "push")!.payload;
    const made = await bothRuns("push", { now: "2026-11-30T14:05:00Z" }, payload);
    // The announcement goes out before the issue records it as posted, so a run that dies between the two leaves nothing unannounced.
    expect(kinds(made)).toEqual(["commit editor.yml", "commit editor.flagd.json", "create-issue", "comment", "update-issue"]);
  });

  it("at a promotion, an alert and a rollback, and on a run with nothing to do", async () => {
    const promoted = await bothRuns("schedule", { now: "2026-12-01T15:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) });
    expect(kinds(promoted)).toEqual(["commit editor.yml", "commit editor.flagd.json", "comment", "update-issue"]);

    const alerted = await bothRuns("schedule", { now: "2026-12-01T16:00:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.03 }) });
    expect(kinds(alerted)).toEqual(["commit editor.yml", "update-issue", "comment"]);

    const rolledBack = await bothRuns("schedule", { now: "2026-12-01T16:30:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.09 }) });
    expect(kinds(rolledBack)).toEqual(["commit editor.yml", "commit editor.flagd.json", "comment", "update-issue"]);

    expect(await bothRuns("schedule", { now: "2026-12-01T16:45:00Z", "metrics-values": JSON.stringify({ "error-rate": 0.09 }) })).toEqual([]);
  });
});
