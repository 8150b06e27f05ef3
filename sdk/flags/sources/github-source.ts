// A rollout read from a GitHub repository through the contents API, polled with conditional
// requests: each poll sends the ETag of the last answer in If-None-Match, and GitHub answers an
// unchanged file with 304 Not Modified, which is not charged to the rate limit. So a service
// polling every 30 s costs nothing while the rollout stands still. Uses the platform's fetch
// (Node 18+, browsers), so the same source serves the server and the web provider.
import type { FlagFiles } from "../../../core/flags/flag-state.js";
import { failureMessage, type FlagSource, type SourceReading } from "../source.js";

export interface GitHubSourceOptions {
  /** `owner/name` of the repository that holds the rollout. */
  repository: string;
  /** The state file's path, e.g. `config/rollouts/playlist-editor.yml`. */
  path: string;
  /**
   * The plan's path, read for the stages' audiences: `.github/rollouts/<rollout>.yml` by
   * default, `false` to serve percentages only. It is read again whenever the state changes.
   */
  plan?: string | false;
  /** Branch, tag or commit; default: the repository's default branch. */
  ref?: string;
  /** A token that can read the repository's contents; not needed for a public repository. */
  token?: string;
  /** Milliseconds between polls; default 30 000. */
  intervalMs?: number;
  /** Default `https://api.github.com` (GitHub Enterprise: `https://<host>/api/v3`). */
  apiUrl?: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

export const DEFAULT_INTERVAL_MS = 30_000;

interface Cached {
  etag: string | null;
  text: string;
}

export interface GitHubSource extends FlagSource {
  /** Conditional requests sent so far, and how many GitHub answered 304 (not charged). */
  readonly requests: { sent: number; notModified: number };
}

export function githubSource(options: GitHubSourceOptions): GitHubSource {
  const api = (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, "");
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const requests = { sent: 0, notModified: 0 };
  const cache = new Map<string, Cached>();
  let files: FlagFiles | null = null;

  async function get(path: string): Promise<{ text: string; changed: boolean }> {
    const url = `${api}/repos/${options.repository}/contents/${path.split("/").map(encodeURIComponent).join("/")}${options.ref ? `?ref=${encodeURIComponent(options.ref)}` : ""}`;
    const cached = cache.get(path);
    const headers: Record<string, string> = { accept: "application/vnd.github.raw+json", "x-github-api-version": "2022-11-28" };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (cached?.etag) headers["if-none-match"] = cached.etag;
    requests.sent++;
    const response = await doFetch(url, { headers });
    if (response.status === 304 && cached) {
      requests.notModified++;
      return { text: cached.text, changed: false };
    }
    if (!response.ok) throw new Error(`GitHub answered ${response.status} for ${options.repository}/${path}${response.status === 404 ? " (no such file, or the token cannot read it)" : ""}`);
    const text = await response.text();
    cache.set(path, { etag: response.headers.get("etag"), text });
    return { text, changed: cached?.text !== text };
  }

  async function read(): Promise<SourceReading> {
    try {
      const state = await get(options.path);
      if (!state.changed && files !== null) return { ok: true, files, changed: false };
      let plan: FlagFiles["plan"] = null;
      if (options.plan !== false) {
        const rollout = /^rollout:\s*["']?([^\s"']+)/m.exec(state.text)?.[1];
        const planPath = options.plan ?? (rollout ? `.github/rollouts/${rollout}.yml` : null);
        if (planPath) plan = { path: planPath, text: (await get(planPath)).text };
      }
      files = { state: { path: options.path, text: state.text }, plan };
      return { ok: true, files, changed: true };
    } catch (error) {
      return { ok: false, message: `could not read ${options.repository}/${options.path}: ${failureMessage(error)}` };
    }
  }

  return {
    requests,
    read,
    watch(onReading) {
      const timer = setInterval(() => void read().then(onReading), options.intervalMs ?? DEFAULT_INTERVAL_MS);
      // A poll must not keep a Node process alive on its own.
      (timer as { unref?: () => void }).unref?.();
      return () => clearInterval(timer);
    },
  };
}
