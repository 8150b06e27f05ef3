import { describe, expect, it } from "vitest";
import type { CheckRunData } from "../../port/github-port.js";
import { approvalsOf, appsRecordingSignoffs, readSignoffRecord, signoffRuns, unsignedCount, writeSignoffRecord } from "../../runtime/signoffs.js";

const APP = 42;
const OTHER_APP = 77;

let nextId = 1;
function run(item: string, options: { by?: string; at?: string; appId?: number | null; rollout?: string; status?: CheckRunData["status"]; conclusion?: string | null; id?: number } = {}): CheckRunData {
  const signed = options.by !== undefined;
  return {
    id: options.id ?? nextId++,
    name: `stagegate / ${item}`,
    headSha: "head",
    status: options.status ?? (signed ? "completed" : "in_progress"),
    conclusion: options.conclusion !== undefined ? options.conclusion : signed ? "success" : null,
    externalId: `signoff/${item}`,
    appId: options.appId === undefined ? APP : options.appId,
    output: { title: null, summary: null, text: writeSignoffRecord({ rollout: options.rollout ?? "editor", item, by: options.by ?? null, at: options.at ?? null }) },
  };
}

describe("the sign-off record", () => {
  it("reads back what was written, including names that need escaping", () => {
    const record = { rollout: "editor", item: "code-review", by: "quinn", at: "2026-11-30T13:00:00Z" };
    const text = `Signed off.\n\n${writeSignoffRecord(record)}\n`;
    expect(readSignoffRecord(text)).toEqual(record);
    expect(readSignoffRecord(writeSignoffRecord({ rollout: "a&b", item: "x=y", by: null, at: null }))).toEqual({ rollout: "a&b", item: "x=y", by: null, at: null });
  });

  it("is hidden in the rendered text (an HTML comment)", () => {
    expect(writeSignoffRecord({ rollout: "editor", item: "security", by: null, at: null })).toMatch(/^<!-- stagegate:signoff .* -->$/);
  });

  it("finds nothing in text without a record, or in a record missing its rollout or item", () => {
    expect(readSignoffRecord(null)).toBeNull();
    expect(readSignoffRecord("Waiting for qa-lead")).toBeNull();
    expect(readSignoffRecord("<!-- stagegate:signoff item=security -->")).toBeNull();
  });
});

describe("which runs count", () => {
  it("takes the latest run of each item, so a sign-off withdrawn after it was given is not an approval", () => {
    const runs = [run("code-review", { by: "quinn", at: "2026-11-30T13:00:00Z", id: 1 }), run("code-review", { id: 5 }), run("security", { by: "pam", at: "2026-11-30T13:30:00Z", id: 3 })];
    expect(approvalsOf(signoffRuns(runs, APP, "editor"))).toEqual([{ item: "security", stage: null, by: "pam", at: "2026-11-30T13:30:00Z" }]);
    // Listed in any order, the highest id still wins.
    expect(approvalsOf(signoffRuns([...runs].reverse(), APP, "editor"))).toEqual([{ item: "security", stage: null, by: "pam", at: "2026-11-30T13:30:00Z" }]);
  });

  it("ignores another app's runs, another rollout's, and runs that are not sign-offs", () => {
    const forged = run("code-review", { by: "mallory", at: "2026-11-30T13:00:00Z", appId: OTHER_APP });
    const otherRollout = run("code-review", { by: "quinn", at: "2026-11-30T13:00:00Z", rollout: "albums" });
    const plain = { ...run("code-review", { by: "quinn", at: "2026-11-30T13:00:00Z" }), externalId: null };
    expect(signoffRuns([forged, otherRollout, plain], APP, "editor").size).toBe(0);
  });

  it("does not count a completed run that failed, or one whose record has no signer", () => {
    const failed = run("code-review", { by: "quinn", at: "2026-11-30T13:00:00Z", conclusion: "failure" });
    const unsigned = { ...run("security"), status: "completed" as const, conclusion: "success" };
    const runs = signoffRuns([failed, unsigned], APP, "editor");
    expect(runs.size).toBe(2);
    expect(approvalsOf(runs)).toEqual([]);
  });

  it("names the apps that record sign-offs of a rollout, leaving out the one excluded", () => {
    const runs = [run("code-review", { appId: OTHER_APP }), run("security", { appId: APP }), run("security", { appId: 15368 }), run("security", { appId: 9, rollout: "albums" })];
    expect(appsRecordingSignoffs(runs, "editor", 15368)).toEqual([APP, OTHER_APP]);
  });

  it("counts the items still unsigned over every rollout the app records on a head", () => {
    const runs = [run("code-review", { by: "quinn", at: "2026-11-30T13:00:00Z" }), run("security"), run("code-review", { rollout: "albums" }), run("security", { appId: OTHER_APP })];
    expect(unsignedCount(runs, APP)).toBe(2);
    expect(unsignedCount([], APP)).toBe(0);
  });
});
