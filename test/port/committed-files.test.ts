// A file at a commit never changes: the port answers a read at a commit it made itself from what it
// wrote, and asks GitHub for everything else — a branch, a commit someone else made, a file it
// never wrote there.
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommittedFiles } from "../../port/committed-files.js";
import { OctokitGitHubPort } from "../../port/octokit-github-port.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";

const REPO = { owner: "acme", repo: "web" };
const CONTENTS = "GET /repos/{owner}/{repo}/contents/{path}";

let emulator: RunningEmulator;
let octokit: Octokit;
beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addOrg("acme");
  emulator.addRepo("acme", "web", { files: { "state.yml": "stage: internal\n", "other.yml": "a: 1\n" } });
  const installation = emulator.installApp({ account: "acme" });
  octokit = new Octokit({ auth: emulator.createInstallationToken(installation.id), baseUrl: emulator.baseUrl, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
});
afterEach(async () => {
  await emulator.close();
});

const port = (files = new CommittedFiles()) => new OctokitGitHubPort(octokit, REPO, { defaultBranch: "main", committedFiles: files });
const contentReads = () => emulator.requests.count({ route: CONTENTS });

describe("files at commits", () => {
  it("reads its own write back at the commit it made without asking, from any port sharing the memory", async () => {
    const files = new CommittedFiles();
    const writer = port(files);
    const before = await writer.readFile("state.yml", "main");
    const written = await writer.commitFile({ path: "state.yml", content: "stage: beta\n", message: "Promote", expectedSha: before?.sha ?? null, branch: "main" });
    if (!written.ok) throw new Error("the commit conflicted");
    const reads = contentReads();

    // The next event's port: the same memory, a new client.
    expect(await port(files).readFile("state.yml", written.commitSha)).toEqual({ content: "stage: beta\n", sha: written.fileSha });
    expect(contentReads()).toBe(reads);
    // What GitHub itself answers at that commit.
    expect(await new OctokitGitHubPort(octokit, REPO).readFile("state.yml", written.commitSha)).toEqual({ content: "stage: beta\n", sha: written.fileSha });
  });

  it("asks GitHub for a branch, for another file at its commit, and for commits it did not make", async () => {
    const files = new CommittedFiles();
    const writer = port(files);
    const before = await writer.readFile("state.yml", "main");
    const written = await writer.commitFile({ path: "state.yml", content: "stage: beta\n", message: "Promote", expectedSha: before?.sha ?? null, branch: "main" });
    if (!written.ok) throw new Error("the commit conflicted");
    const pushed = emulator.commitThroughApi("acme/web", { "state.yml": "stage: full\n" }, "Promote again");

    let reads = contentReads();
    expect((await writer.readFile("state.yml", "main"))?.content).toBe("stage: full\n");
    expect((await writer.readFile("other.yml", written.commitSha))?.content).toBe("a: 1\n");
    expect((await writer.readFile("state.yml", pushed.sha))?.content).toBe("stage: full\n");
    expect(contentReads()).toBe(reads + 3);

    // A file read at a commit is known from then on, like one written there.
    reads = contentReads();
    expect((await port(files).readFile("state.yml", pushed.sha))?.content).toBe("stage: full\n");
    expect(contentReads()).toBe(reads);
  });

  it("keeps nothing without a memory, and a bounded one forgets the least recently used first", async () => {
    const plain = new OctokitGitHubPort(octokit, REPO);
    const before = await plain.readFile("state.yml", "main");
    const written = await plain.commitFile({ path: "state.yml", content: "stage: beta\n", message: "Promote", expectedSha: before?.sha ?? null, branch: "main" });
    if (!written.ok) throw new Error("the commit conflicted");
    const reads = contentReads();
    await plain.readFile("state.yml", written.commitSha);
    expect(contentReads()).toBe(reads + 1);

    const sha = "a".repeat(40);
    const small = new CommittedFiles(300);
    small.set(REPO, sha, "one.yml", { content: "x".repeat(50), sha: "1" });
    small.set(REPO, sha, "two.yml", { content: "x".repeat(50), sha: "2" });
    small.get(REPO, sha, "one.yml");
    small.set(REPO, sha, "three.yml", { content: "x".repeat(50), sha: "3" });
    expect([small.get(REPO, sha, "one.yml")?.sha, small.get(REPO, sha, "two.yml"), small.get(REPO, sha, "three.yml")?.sha]).toEqual(["1", undefined, "3"]);
    expect(small.get({ owner: "acme", repo: "api" }, sha, "one.yml")).toBeUndefined();
  });
});
