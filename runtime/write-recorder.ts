// What one run writes to GitHub, as the Write values it applies: the Action prints them, and in
// a dry run prints them instead of applying them. A dry run goes through the very same code as a
// real one and parts from it only here, at the applier: a real run sends each write and records
// it once GitHub took it; a dry run records it, answers as GitHub would, and lets the run's later
// reads see what it "wrote" (the flagd projection reads the state file just committed, a comment
// goes to the issue just created). So it prints what a real run at that moment would write.
import type { BatchRead, BatchReadRequest, CheckRunData, CommitResult, FileAtRef, GitHubPort, IssueData } from "../port/github-port.js";
import { observeWrites, type Write } from "./writes.js";

export interface RecordedWrite {
  write: Write;
  /** A commit's file as the run read it before (null: a new file; absent: not read by this run). */
  before?: string | null;
}

export interface WriteRecorder {
  /** The port to run with: reads go to GitHub, every write is recorded (and, unless dry, applied). */
  port: GitHubPort;
  /** Every write so far, in the order it was made. */
  writes: RecordedWrite[];
}

const WRITING_METHODS = new Set<PropertyKey>(["commitFile", "createIssue", "updateIssue", "createComment", "addReaction", "createCheckRun", "updateCheckRun"]);

export function recordWrites(inner: GitHubPort, options: { dryRun: boolean }): WriteRecorder {
  const writes: RecordedWrite[] = [];
  /** Blob sha → text, from every file read or written: a commit's diff needs no extra request. */
  const texts = new Map<string, string>();
  // The dry run's own writes, seen by its later reads.
  const files = new Map<string, { branch: string; file: FileAtRef }>();
  const issues = new Map<number, IssueData>();
  const newIssues: Array<{ number: number; labels: string[] }> = [];
  let made = 0;

  const remember = (file: FileAtRef | null) => {
    if (file !== null) texts.set(file.sha, file.content);
    return file;
  };
  const written = (path: string, ref: string | undefined) => {
    const entry = files.get(path);
    return entry !== undefined && (ref === undefined || ref === entry.branch || ref === `refs/heads/${entry.branch}`) ? entry.file : undefined;
  };

  const reads: Partial<GitHubPort> = {
    readFile: async (path, ref) => written(path, ref) ?? remember(await inner.readFile(path, ref)),
    readBatch: async (request: BatchReadRequest): Promise<BatchRead> => {
      const batch = await inner.readBatch(request);
      for (const file of batch.files.values()) remember(file);
      for (const path of batch.files.keys()) {
        const file = written(path, request.ref);
        if (file !== undefined) batch.files.set(path, file);
      }
      return batch;
    },
    getIssue: async (number) => issues.get(number) ?? (await inner.getIssue(number)),
    listIssuesWithLabel: async (label) => {
      const listed = (await inner.listIssuesWithLabel(label)).map((issue) => issues.get(issue.number) ?? issue);
      // Newest first, as GitHub lists them: the dry run's own new issues come before the rest.
      const created = newIssues.filter((issue) => issue.labels.includes(label)).map((issue) => issues.get(issue.number) as IssueData);
      return [...created.reverse(), ...listed];
    },
  };

  async function simulate(write: Write, id: number): Promise<unknown> {
    switch (write.kind) {
      case "commit-file": {
        const sha = `dry-run-${id}`;
        files.set(write.path, { branch: write.branch, file: { content: write.content, sha } });
        return { ok: true, commitSha: sha, fileSha: sha } satisfies CommitResult;
      }
      case "create-issue": {
        // Its number is GitHub's to give: a negative one stands for "the issue created above".
        const issue: IssueData = { number: -id, title: write.title, body: write.body, state: "open", htmlUrl: "" };
        issues.set(issue.number, issue);
        newIssues.push({ number: issue.number, labels: write.labels });
        return issue;
      }
      case "update-issue": {
        const current = issues.get(write.number) ?? (await inner.getIssue(write.number));
        const issue: IssueData = { number: write.number, state: "open", htmlUrl: "", title: "", body: "", ...current, ...write.patch };
        issues.set(issue.number, issue);
        return issue;
      }
      case "comment":
        return { id: -id };
      case "reaction":
        return undefined;
      case "create-check-run":
      case "update-check-run": {
        const input = write.input;
        const run: CheckRunData = {
          id: write.kind === "update-check-run" ? write.id : -id,
          name: input.name ?? "",
          headSha: input.headSha ?? "",
          status: input.status ?? "completed",
          conclusion: input.conclusion ?? null,
          externalId: input.externalId ?? null,
          appId: null,
          output: { title: input.title ?? null, summary: input.summary ?? null, text: input.text ?? null },
        };
        return run;
      }
    }
  }

  const port = new Proxy(inner, {
    get(target, property) {
      if (Object.hasOwn(reads, property) && (options.dryRun || property === "readFile" || property === "readBatch")) return reads[property as keyof GitHubPort];
      // Defence in depth: in a dry run nothing may reach GitHub, even past the applier.
      if (options.dryRun && WRITING_METHODS.has(property)) return () => Promise.reject(new Error(`dry run: ${String(property)} must not reach GitHub`));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });

  observeWrites(port, async (write, send) => {
    const recorded: RecordedWrite = { write };
    if (write.kind === "commit-file") {
      const before = write.expectedSha === null ? null : texts.get(write.expectedSha);
      if (before !== undefined) recorded.before = before;
    }
    if (options.dryRun) {
      writes.push(recorded);
      return simulate(write, ++made);
    }
    const result = await send();
    // A commit refused as stale was not made: the step decides again and writes anew.
    if (write.kind === "commit-file") {
      const commit = result as CommitResult;
      if (!commit.ok) return result;
      texts.set(commit.fileSha, write.content);
    }
    writes.push(recorded);
    return result;
  });
  return { port, writes };
}
