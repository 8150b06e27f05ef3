// The recorder at the one applier: a real run's writes reach the emulator and are listed; a dry
// run's are listed, never sent, answered as GitHub would, and seen by the run's later reads.
import { afterEach, describe, expect, it } from "vitest";
import { isWrite } from "../../sandbox/github-emulator/index.js";
import { recordWrites } from "../../runtime/write-recorder.js";
import { applyWrite } from "../../runtime/writes.js";
import { REPO, startRuntimeWorld, type RuntimeWorld } from "./world.js";

let w: RuntimeWorld;
afterEach(() => w?.close());

const sent = () => w.emulator.requests.all().filter(isWrite).map((r) => r.method);

describe("a dry run's writes", () => {
  it("are recorded in order, answered as GitHub would, seen by later reads, and never sent", async () => {
    w = await startRuntimeWorld({ "notes.txt": "one\n" });
    const { port, writes } = recordWrites(w.port, { dryRun: true });
    const file = await port.readFile("notes.txt", "main");

    const commit = await applyWrite(port, { kind: "commit-file", path: "notes.txt", content: "two\n", message: "notes", expectedSha: file?.sha ?? null, branch: "main" });
    expect(commit.ok).toBe(true);
    expect(await port.readFile("notes.txt")).toMatchObject({ content: "two\n" });
    expect((await port.readBatch({ ref: "main", files: ["notes.txt"] })).files.get("notes.txt")).toMatchObject({ content: "two\n" });
    await applyWrite(port, { kind: "commit-file", path: "new.txt", content: "new\n", message: "add", expectedSha: null, branch: "main" });

    const issue = await applyWrite(port, { kind: "create-issue", title: "Rollout", body: "body", labels: ["stagegate"] });
    expect(issue.number).toBeLessThan(0);
    expect((await port.listIssuesWithLabel("stagegate")).map((i) => i.number)).toEqual([issue.number]);
    expect(await port.listIssuesWithLabel("other")).toEqual([]);
    const edited = await applyWrite(port, { kind: "update-issue", number: issue.number, patch: { body: "new body" } });
    expect(edited).toMatchObject({ title: "Rollout", body: "new body" });
    expect(await port.getIssue(issue.number)).toMatchObject({ body: "new body" });

    expect((await applyWrite(port, { kind: "comment", issue: issue.number, body: "hi" })).id).toBeLessThan(0);
    await applyWrite(port, { kind: "reaction", commentId: 5, content: "rocket" });
    const input = { name: "stagegate / Security", headSha: "abc1234def", status: "completed", conclusion: "success", title: "Signed", summary: "by @sam" } as const;
    expect(await applyWrite(port, { kind: "create-check-run", input })).toMatchObject({ name: input.name, conclusion: "success", output: { title: "Signed", summary: "by @sam", text: null } });
    expect(await applyWrite(port, { kind: "update-check-run", id: 9, input: { title: "Pending" } })).toMatchObject({ id: 9, status: "completed", conclusion: null, output: { title: "Pending" } });

    expect(writes.map((r) => r.write.kind)).toEqual(["commit-file", "commit-file", "create-issue", "update-issue", "comment", "reaction", "create-check-run", "update-check-run"]);
    expect(writes[0]?.before).toBe("one\n");
    expect(writes[1]?.before).toBeNull();
    expect(sent()).toEqual([]);
    // Past the applier too: a writing method called on the port itself is refused.
    await expect(port.createComment(1, "x")).rejects.toThrow(/dry run/);
  });

  it("edit an issue that exists on GitHub from what it says there", async () => {
    w = await startRuntimeWorld();
    const existing = await applyWrite(w.port, { kind: "create-issue", title: "Rollout: x", body: "old", labels: ["stagegate"] });
    const { port } = recordWrites(w.port, { dryRun: true });
    expect(await applyWrite(port, { kind: "update-issue", number: existing.number, patch: { body: "new" } })).toMatchObject({ number: existing.number, title: "Rollout: x", body: "new" });
    expect((await port.listIssuesWithLabel("stagegate")).map((i) => i.body)).toEqual(["new"]);
  });
});

describe("a real run's writes", () => {
  it("are sent and recorded, with the text a commit replaced; a commit refused as stale is not recorded", async () => {
    w = await startRuntimeWorld({ "notes.txt": "one\n" });
    const { port, writes } = recordWrites(w.port, { dryRun: false });
    const file = await port.readFile("notes.txt", "main");
    const stale = await applyWrite(port, { kind: "commit-file", path: "notes.txt", content: "x\n", message: "stale", expectedSha: "0".repeat(40), branch: "main" });
    expect(stale.ok).toBe(false);
    const made = await applyWrite(port, { kind: "commit-file", path: "notes.txt", content: "two\n", message: "notes", expectedSha: file?.sha ?? null, branch: "main" });
    expect(made.ok).toBe(true);
    await applyWrite(port, { kind: "comment", issue: (await applyWrite(port, { kind: "create-issue", title: "t", body: "b", labels: [] })).number, body: "hi" });
    expect(w.emulator.readFile(REPO, "notes.txt")).toBe("two\n");
    expect(writes.map((r) => [r.write.kind, r.before])).toEqual([
      ["commit-file", "one\n"],
      ["create-issue", undefined],
      ["comment", undefined],
    ]);
  });
});
