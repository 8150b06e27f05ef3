// The Action's public interface in one place. action.yml is what GitHub reads, this registry is
// what the code reads; test/action/io-contract.test.ts fails when the two disagree, so a
// renamed input or a changed default can never ship half-done.

export interface InputSpec {
  description: string;
  required: boolean;
  /** As written in action.yml (expressions such as `${{ github.token }}` stay text). */
  default?: string;
  /** Credentials: masked in the log the moment they are read, never echoed. */
  secret?: boolean;
}

export interface OutputSpec {
  description: string;
}

export const INPUTS = {
  token: {
    description:
      "Token used to read plans and check runs, commit state files and write tracking issues. Needs contents: write, issues: write, checks: read, pull-requests: read. Use a GitHub App token where a ruleset protects the branch (GITHUB_TOKEN cannot be a bypass actor).",
    required: false,
    default: "${{ github.token }}",
    secret: true,
  },
  rollouts: {
    description:
      "Where the rollout plans live, on the default branch: a folder and a file-name pattern (wildcards only in the file name).",
    required: false,
    default: ".github/rollouts/*.yml",
  },
  settings: {
    description:
      "The settings file (roles, calendar, metrics), read from the default branch. The App always reads .github/stagegate.yml: change this only where no App runs, e.g. to dry-run example plans kept elsewhere.",
    required: false,
    default: ".github/stagegate.yml",
  },
  "dry-run": {
    description: "When true, compute and print the commits, state diffs and comments the run would make, and make none.",
    required: false,
    default: "false",
  },
  "metrics-token": {
    description: "Bearer token for the Prometheus server named in the settings (metrics.prometheus.url). Masked in the log.",
    required: false,
    secret: true,
  },
  "metrics-username": {
    description: "Basic-auth user name for the Prometheus server. Masked in the log.",
    required: false,
    secret: true,
  },
  "metrics-password": {
    description: "Basic-auth password for the Prometheus server. Masked in the log.",
    required: false,
    secret: true,
  },
  "metrics-values": {
    description:
      'Gate values measured by an earlier step, as JSON: {"<gate>": <number or null>} for the value now, or {"<gate>": [{"at": "<ISO-8601>", "value": <number>}, …]} (or [[<epoch seconds>, <number>], …]) for samples over a window, which rules with for: need. Replaces Prometheus when set; a gate it does not name is an error, so pass null for "no data".',
    required: false,
  },
  now: {
    description:
      "For the sandbox and simulations only: an ISO-8601 instant the run treats as the current time. Leave empty in real workflows.",
    required: false,
  },
} as const satisfies Record<string, InputSpec>;

/** What emit.ts sets; action.yml must declare the same (test/action/io-contract.test.ts). */
export const OUTPUTS = {
  changed: {
    description: "true when the run committed at least one state change (always false in dry-run).",
  },
  rollouts: {
    description:
      'JSON array, one entry per rollout: {"name", "stage", "percent", "status", "action" (started|promoted|rolled-back|alerted|none|error), "reason", "next-eligible" (ISO-8601 or null)}.',
  },
} as const satisfies Record<string, OutputSpec>;

export type InputName = keyof typeof INPUTS;
export type OutputName = keyof typeof OUTPUTS;

/** What the run did to one rollout, as the `rollouts` output reports it. */
export type RolloutAction = "started" | "promoted" | "rolled-back" | "alerted" | "none" | "error";

export interface RolloutOutput {
  name: string;
  stage: string | null;
  percent: number | null;
  status: string | null;
  action: RolloutAction;
  reason: string;
  "next-eligible": string | null;
}
