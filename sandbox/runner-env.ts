// The environment a GitHub-hosted runner gives a JavaScript action, and nothing else: the sandbox,
// the Action's tests and the benchmarks all start `dist/index.js` with it, so the three run the
// Action exactly as a workflow would (and no variable of the calling process leaks in).
import { INPUTS } from "../action/io.js";

export interface RunnerFiles {
  /** Folder for the run: HOME and RUNNER_TEMP. */
  dir: string;
  event: string;
  output: string;
  summary: string;
}

export interface RunnerEnvOptions {
  apiUrl: string;
  repository: string;
  token: string;
  event: string;
  files: RunnerFiles;
  runId?: number;
  /** Inputs by their action.yml names; unset ones get action.yml's defaults, as the runner does. */
  inputs?: Record<string, string | undefined>;
  /** The variables kept from the calling process (PATH, at least, to find nothing but node). */
  base?: NodeJS.ProcessEnv;
}

/** `INPUT_<NAME>` as the runner spells it: upper-cased, spaces to underscores, dashes kept. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export function runnerEnvironment(options: RunnerEnvOptions): NodeJS.ProcessEnv {
  const [owner] = options.repository.split("/");
  const env: NodeJS.ProcessEnv = {
    ...(options.base ?? { PATH: process.env.PATH }),
    HOME: options.files.dir,
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: options.repository,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: options.files.event,
    GITHUB_REF: "refs/heads/main",
    GITHUB_WORKFLOW: "stagegate",
    GITHUB_RUN_ID: String(options.runId ?? 1),
    GITHUB_OUTPUT: options.files.output,
    GITHUB_STEP_SUMMARY: options.files.summary,
    RUNNER_TEMP: options.files.dir,
  };
  for (const [name, input] of Object.entries(INPUTS) as Array<[string, { default?: string }]>) {
    if (input.default !== undefined && !input.default.includes("${{")) env[inputVariable(name)] = input.default;
  }
  env[inputVariable("token")] = options.token;
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    if (value !== undefined) env[inputVariable(name)] = value;
  }
  return env;
}
