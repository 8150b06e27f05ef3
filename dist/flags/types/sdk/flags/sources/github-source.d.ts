import { type FlagSource } from "../source.js";
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
export declare const DEFAULT_INTERVAL_MS = 30000;
export interface GitHubSource extends FlagSource {
    /** Conditional requests sent so far, and how many GitHub answered 304 (not charged). */
    readonly requests: {
        sent: number;
        notModified: number;
    };
}
export declare function githubSource(options: GitHubSourceOptions): GitHubSource;
