// GitHub's REST shapes → the port's small shapes. Only the fields stagegate reads are kept, so
// the emulator and the tests need to provide only those.
import { CHECK_OUTPUT_MAX, fitText } from "../core/github-limits.js";
import type { CheckAnnotation, CheckRunData, IssueData, PullRequestData } from "./github-port.js";

/** GitHub accepts at most 50 annotations per create/update request. */
const ANNOTATIONS_PER_REQUEST = 50;

export function splitAnnotations(annotations: CheckAnnotation[]): CheckAnnotation[][] {
  const chunks: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    chunks.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  return chunks;
}

// GitHub caps summary and text at 65,535 characters; a longer one fails the whole request.
const clip = (s: string): string => fitText(s, CHECK_OUTPUT_MAX);

export function checkRunOutput(title: string, summary: string, text: string | undefined, annotations: CheckAnnotation[]) {
  return {
    title,
    summary: clip(summary),
    ...(text !== undefined ? { text: clip(text) } : {}),
    ...(annotations.length > 0 ? { annotations } : {}),
  };
}

interface RawIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
}

export function issueData(raw: RawIssue): IssueData {
  return {
    number: raw.number,
    title: raw.title,
    body: raw.body ?? "",
    state: raw.state === "closed" ? "closed" : "open",
    htmlUrl: raw.html_url,
  };
}

interface RawCheckRun {
  // The OpenAPI types allow bigint ids; check-run ids fit in a double for decades yet.
  id: number | bigint;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  app: { id: number } | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

export function checkRunData(raw: RawCheckRun): CheckRunData {
  const status = raw.status === "completed" || raw.status === "in_progress" ? raw.status : "queued";
  return {
    id: Number(raw.id),
    name: raw.name,
    headSha: raw.head_sha,
    status,
    conclusion: raw.conclusion,
    externalId: raw.external_id || null,
    // GitHub's description allows a run without an app; every check run is made by one.
    appId: raw.app?.id ?? null,
    output: { title: raw.output.title, summary: raw.output.summary, text: raw.output.text },
  };
}

interface RawPullRequest {
  number: number;
  state: string;
  merged?: boolean | null;
  merged_at: string | null;
  head: { sha: string; ref: string };
  base: { ref: string };
  user: { login: string } | null;
}

export function pullRequestData(raw: RawPullRequest): PullRequestData {
  return {
    number: raw.number,
    state: raw.state === "closed" ? "closed" : "open",
    // The list endpoints omit `merged`; `merged_at` is always there.
    merged: raw.merged ?? raw.merged_at !== null,
    headSha: raw.head.sha,
    headRef: raw.head.ref,
    baseRef: raw.base.ref,
    author: raw.user?.login ?? "",
  };
}
