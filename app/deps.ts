// What every handler needs, built once per event from Probot's context: the GitHub port for the
// event's repository, the clock, the metrics source and the App's own identity (to tell its
// own edits and check runs from everyone else's).
import type { Context, Probot } from "probot";
import type { Settings } from "../core/model.js";
import { createMetricsProvider } from "../metrics/from-settings.js";
import type { MetricsProvider } from "../metrics/provider.js";
import type { GitHubPort } from "../port/github-port.js";
import type { FilesAtCommits } from "../port/committed-files.js";
import { useConditionalRequests } from "../port/conditional-requests.js";
import { OctokitGitHubPort } from "../port/octokit-github-port.js";
import type { RolloutSources } from "../runtime/rollout-inputs.js";

export interface AppOptions {
  /** The clock (the sandbox drives a simulated one). */
  now?: () => Date;
  /** Metrics for `/promote`, `/status` and the tracking issue; default: the settings' Prometheus. */
  metrics?: (settings: Settings) => MetricsProvider;
  /** Pause between attempts after a commit conflict. */
  sleep?: (ms: number) => Promise<void>;
  /** The App's identity, when known; otherwise looked up once with `GET /app`. */
  identity?: Identity;
}

export interface Identity {
  appId: number;
  /** `<slug>[bot]`: the login the App's edits, comments and reactions appear under. */
  botLogin: string;
}

export interface HandlerDeps {
  port: GitHubPort;
  sources: RolloutSources;
  identity: Identity;
  sleep?: (ms: number) => Promise<void>;
  log: Context["log"];
}

type RepoContext = Context<"issues" | "issue_comment" | "pull_request" | "check_run">;

/** Metrics credentials for the App come from its environment, never from the repository. */
export function metricsFromEnvironment(env: NodeJS.ProcessEnv): (settings: Settings) => MetricsProvider {
  return (settings) =>
    createMetricsProvider(settings, {
      token: env.STAGEGATE_METRICS_TOKEN ?? null,
      username: env.STAGEGATE_METRICS_USERNAME ?? null,
      password: env.STAGEGATE_METRICS_PASSWORD ?? null,
    });
}

/** Looks the App up once per process (`GET /app` needs the App's own JWT, not an installation's). */
export function identityResolver(app: Probot): () => Promise<Identity> {
  let pending: Promise<Identity> | null = null;
  return () => {
    pending ??= (async () => {
      const octokit = await app.auth();
      // Answered with the App's JWT, GET /app is that App: never null, always with its slug
      // (Octokit's types allow both for other ways of calling it).
      const { data } = (await octokit.request("GET /app")) as { data: { id: number; slug: string } };
      return { appId: data.id, botLogin: `${data.slug}[bot]` };
    })().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

/** `committedFiles`: the App's memory of files at commits, one per App (made in app/index.ts). */
export async function handlerDeps(context: RepoContext, options: AppOptions, identity: () => Promise<Identity>, committedFiles: FilesAtCommits): Promise<HandlerDeps> {
  // Every event re-reads settings, plans and state: conditional requests make the unchanged
  // ones free (see port/conditional-requests.ts), and a state file is read back at the commit the
  // App made it in without a request (port/committed-files.ts). The payload names the default branch.
  useConditionalRequests(context.octokit);
  const port = new OctokitGitHubPort(context.octokit, context.repo(), { defaultBranch: context.payload.repository.default_branch, committedFiles });
  const sources: RolloutSources = {
    port,
    now: options.now ?? (() => new Date()),
    metrics: options.metrics ?? metricsFromEnvironment(process.env),
    // Probot's config loader resolves `_extends` (an organization's `.github` repository).
    loadExtendedSettings: () => context.config("stagegate.yml"),
  };
  return { port, sources, identity: await identity(), ...(options.sleep ? { sleep: options.sleep } : {}), log: context.log };
}
