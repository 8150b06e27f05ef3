// What started this run, read from the runner's environment. Only the few payload fields the
// clock needs are kept, so the rest of the Action never handles raw, untrusted payloads.
import { readFileSync } from "node:fs";
import type { RepoRef } from "../port/github-port.js";

export type ClockEvent =
  /** A push: plans that arrived or changed may start. */
  | { name: "push"; ref: string; after: string; defaultBranch: string | null; changedPaths: string[] }
  /** `schedule`, `workflow_dispatch` (and anything else): one tick of the clock. */
  | { name: string };

export interface RunContext {
  event: ClockEvent;
  repo: RepoRef;
  apiUrl: string;
  /**
   * The default branch when the run knows it without asking GitHub: a scheduled run runs on the
   * default branch (GITHUB_REF names it), and a push payload carries it. Null otherwise.
   */
  defaultBranch: string | null;
}

export type RunContextResult = { ok: true; context: RunContext } | { ok: false; message: string };

interface PushPayload {
  ref?: unknown;
  after?: unknown;
  repository?: { default_branch?: unknown };
  commits?: Array<{ added?: unknown; modified?: unknown }>;
  head_commit?: { added?: unknown; modified?: unknown } | null;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

export function readRunContext(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): RunContextResult {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || rest.length > 0) {
    return { ok: false, message: `GITHUB_REPOSITORY is "${env.GITHUB_REPOSITORY ?? ""}": expected owner/name (is this running outside GitHub Actions?).` };
  }
  const apiUrl = (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  const name = env.GITHUB_EVENT_NAME ?? "workflow_dispatch";
  if (name !== "push") {
    const scheduledOn = name === "schedule" && env.GITHUB_REF?.startsWith("refs/heads/") ? env.GITHUB_REF.slice("refs/heads/".length) : "";
    return { ok: true, context: { event: { name }, repo: { owner, repo }, apiUrl, defaultBranch: scheduledOn === "" ? null : scheduledOn } };
  }

  let payload: PushPayload;
  try {
    payload = JSON.parse(readFile(env.GITHUB_EVENT_PATH ?? "")) as PushPayload;
  } catch (error) {
    return { ok: false, message: `cannot read the push event at GITHUB_EVENT_PATH (${(error as Error).message}).` };
  }
  // Added or modified in any commit of the push; a plan that was removed has nothing to start.
  const changed = new Set<string>();
  for (const commit of [...(payload.commits ?? []), ...(payload.head_commit ? [payload.head_commit] : [])]) {
    for (const path of [...strings(commit.added), ...strings(commit.modified)]) changed.add(path);
  }
  const defaultBranch = typeof payload.repository?.default_branch === "string" ? payload.repository.default_branch : null;
  return {
    ok: true,
    context: {
      defaultBranch,
      event: {
        name: "push",
        ref: typeof payload.ref === "string" ? payload.ref : (env.GITHUB_REF ?? ""),
        after: typeof payload.after === "string" ? payload.after : (env.GITHUB_SHA ?? ""),
        defaultBranch,
        changedPaths: [...changed].sort(),
      },
      repo: { owner, repo },
      apiUrl,
    },
  };
}

export function isPush(event: ClockEvent): event is Extract<ClockEvent, { name: "push" }> {
  return event.name === "push" && "after" in event;
}
