// Counts the App's GitHub API calls for GET /metrics: an Octokit plugin, so every client Probot
// makes (the App's own, and one per installation) reports its calls with the route template
// rather than the expanded URL, which would give a series per repository and issue.
import type { Octokit } from "@octokit/core";
import type { AppMetrics } from "./metrics.js";

type Plugin = (octokit: Octokit) => void;

interface Answer {
  status: number;
  headers: Record<string, string | number | undefined>;
}

export function countApiCalls(metrics: AppMetrics): Plugin {
  return (octokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      const route = `${options.method} ${options.url}`;
      const record = ({ status, headers }: Answer) => {
        metrics.apiCalls.inc({ route, status: String(status) });
        const remaining = headers["x-ratelimit-remaining"];
        // GitHub sends x-ratelimit-resource (core, graphql, search…) with the count.
        if (remaining !== undefined) metrics.rateLimitRemaining.set({ resource: String(headers["x-ratelimit-resource"]) }, Number(remaining));
      };
      try {
        const response = await request(options);
        record(response as Answer);
        return response;
      } catch (error) {
        // Without an answer (the network failed) Octokit says 500; the metric says 0.
        record((error as { response?: Answer }).response ?? { status: 0, headers: {} });
        throw error;
      }
    });
  };
}
