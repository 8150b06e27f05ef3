// Counts the App's GitHub API calls for GET /metrics: an Octokit plugin, so every client Probot
// makes (the App's own, and one per installation) reports its calls with the route template
// rather than the expanded URL, which would give a series per repository and issue.
import type { Octokit } from "@octokit/core";
import type { AppMetrics } from "./metrics.js";

type Plugin = (octokit: Octokit) => void;

interface Answer {
  status?: number;
  headers?: Record<string, string | number | undefined>;
  response?: { status?: number; headers?: Record<string, string | number | undefined> };
}

export function countApiCalls(metrics: AppMetrics): Plugin {
  return (octokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      const route = `${options.method} ${options.url}`;
      const record = (answer: Answer | undefined) => {
        const status = answer?.status ?? answer?.response?.status ?? 0;
        metrics.apiCalls.inc({ route, status: String(status) });
        const headers = answer?.headers ?? answer?.response?.headers ?? {};
        const remaining = Number(headers["x-ratelimit-remaining"]);
        if (headers["x-ratelimit-remaining"] !== undefined && Number.isFinite(remaining)) metrics.rateLimitRemaining.set({ resource: String(headers["x-ratelimit-resource"] ?? "core") }, remaining);
      };
      try {
        const response = await request(options);
        record(response as Answer);
        return response;
      } catch (error) {
        record(error as Answer);
        throw error;
      }
    });
  };
}
