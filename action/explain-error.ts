// Turns whatever a run throws into one line a person can act on (core/github-errors.ts decides
// the words); the stack goes to the debug log only.
import * as core from "@actions/core";
import { explainGitHubFailure } from "../core/github-errors.js";
import { httpStatus } from "../port/octokit-errors.js";

function requestOf(error: unknown): { method: string | null; url: string | null } {
  const request = (error as { request?: { method?: unknown; url?: unknown } } | null)?.request;
  return { method: typeof request?.method === "string" ? request.method : null, url: typeof request?.url === "string" ? request.url : null };
}

function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } } | null)?.response?.data;
  if (typeof data?.message === "string") return data.message;
  return error instanceof Error ? error.message : String(error);
}

export function explainError(error: unknown): string {
  if (error instanceof Error && error.stack) core.debug(error.stack);
  const explained = explainGitHubFailure({ status: httpStatus(error), message: messageOf(error), ...requestOf(error) });
  return explained.kind === "other" ? `unexpected failure: ${explained.message}` : explained.message;
}
