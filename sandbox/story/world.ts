// The sandbox's world: the GitHub emulator holding acme's organisation, people and repository
// (with the example settings on main), the stagegate App as a real HTTP server receiving the
// emulator's signed webhooks, and a runner for the built Action. One simulated clock (the
// emulator's) drives all three: the App reads it, and every Action run gets it as `now`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Plan, Settings } from "../../core/model.js";
import { parsePlan } from "../../core/parse-plan.js";
import { parseSettings } from "../../core/parse-settings.js";
import { parseState } from "../../core/state/parse-state.js";
import type { RolloutState } from "../../core/model.js";
import { createStagegateApp } from "../../app/index.js";
import { startAppServer, type AppServer } from "../../app/server.js";
import { createSuppliedValuesProvider, parseSuppliedValues } from "../../metrics/supplied-values.js";
import type { MetricsProvider } from "../../metrics/provider.js";
import { startEmulator, type RunningEmulator } from "../github-emulator/index.js";
import { emulatedProbot } from "../github-emulator/probot.js";
import { createActionRunner, type ActionRun, type ActionEvent } from "./action-runner.js";

const ORG = "acme";
export const REPO = "acme/music";
export const SETTINGS_PATH = ".github/stagegate.yml";
export const PLAN_PATH = ".github/rollouts/playlist-editor.yml";

const EXAMPLE = "../../examples/playlist-editor/";

/** The example files, read as they are committed: the sandbox never changes them. */
export function exampleFiles(): { settings: string; plan: string } {
  const read = (path: string) => readFileSync(fileURLToPath(new URL(EXAMPLE + path, import.meta.url)), "utf8");
  return { settings: read(SETTINGS_PATH), plan: read(PLAN_PATH) };
}

/**
 * The people of the story. Roles come from the example settings: teams acme/eng-leads and
 * acme/sre, users pam, quinn, qiu and sam, promoters acme/release-managers. Everyone who ticks
 * needs at least triage on the repository to edit the tracking issue, as on GitHub.
 */
export const PEOPLE = {
  teams: {
    "eng-leads": ["lee", "elena"],
    sre: ["omar"],
    "release-managers": ["rita"],
  },
  roles: {
    ada: "admin", // the repository's maintainer: merges, rolls back
    pam: "write", // product manager: opens the plan pull request
    lee: "write",
    elena: "write",
    omar: "write",
    rita: "maintain",
    quinn: "triage",
    qiu: "triage",
    sam: "triage",
  },
} as const;

/** A gate value as `metrics-values` takes it: a number, null, or samples over time. */
export type SuppliedValue = number | null | Array<{ at: string; value: number }>;
/** What the monitoring shows at an instant, per gate name. */
export type Metrics = (now: Date) => Record<string, SuppliedValue>;

/** One Action run of the story, to run with extra inputs (`dry-run`, …) as often as wanted. */
export type ActionStep = (extraInputs?: Record<string, string>) => Promise<ActionRun>;
/**
 * Runs the App somewhere other than in this process, pointed at the emulator (the replica suite
 * runs it as three processes on Redis): it sets the emulator's webhook URL, and makes the
 * emulator's `idle()` wait for the App's work. The App shows what `metricsValues` gives.
 */
export type AppHost = (gh: RunningEmulator, metricsValues: (now: Date) => string) => Promise<{ webhookUrl: string; close(): Promise<void> }>;

export interface WorldOptions {
  /** Where the simulated clock starts (ISO-8601). */
  start: string;
  /** Default: the App as a server in this process. */
  app?: AppHost;
  /** The Action bundle to run (default: the committed dist/index.js). */
  actionEntry?: string;
  metrics: Metrics;
  /** Runs each of the story's Action runs (default: once, as is); what it returns is the story's run. */
  aroundAction?: (step: ActionStep) => Promise<ActionRun>;
}

export interface World {
  gh: RunningEmulator;
  /** Where the App listens for webhooks. */
  appWebhookUrl: string;
  /** The Action bundle each run executes. */
  actionEntry: string;
  settings: Settings;
  plan: Plan;
  files: { settings: string; plan: string };
  /** Replaces what the monitoring shows from now on. */
  setMetrics(metrics: Metrics): void;
  /** The `metrics-values` JSON the monitoring gives at `now`. */
  metricsValues(now: Date): string;
  /** One run of the Action at the clock's current instant. */
  runAction(event: ActionEvent, payload?: Record<string, unknown>): Promise<ActionRun>;
  /** The committed state file on main, or null before the start. */
  state(): RolloutState | null;
  stateText(): string | null;
  close(): Promise<void>;
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const files = exampleFiles();
  const settings = parseSettings(files.settings, SETTINGS_PATH);
  if (!settings.ok) throw new Error(`the example settings do not parse: ${settings.problems.map((p) => p.message).join("; ")}`);
  const plan = parsePlan(files.plan, PLAN_PATH, settings.value);
  if (!plan.ok) throw new Error(`the example plan does not parse: ${plan.problems.map((p) => p.message).join("; ")}`);

  let metrics = options.metrics;
  const metricsValues = (now: Date) => JSON.stringify(metrics(now));

  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    // Last opened, first closed; every closer runs even if one fails.
    const errors: unknown[] = [];
    for (const closer of closers.splice(0).reverse()) {
      await closer().catch((error: unknown) => errors.push(error));
    }
    if (errors.length > 0) throw errors[0];
  };

  try {
    const gh = await startEmulator({ now: options.start });
    closers.push(() => gh.close());
    gh.addOrg(ORG);
    for (const [team, members] of Object.entries(PEOPLE.teams)) gh.addTeam(ORG, team, [...members]);
    gh.addRepo(ORG, "music", { files: { "README.md": "# music\n", [SETTINGS_PATH]: files.settings } });
    for (const [login, role] of Object.entries(PEOPLE.roles)) gh.setRole(REPO, login, role);
    gh.installApp({ account: ORG });

    // The App's view of the health gates (for /promote and /status) is the same monitoring the
    // Action is given, so both answer alike.
    const appMetrics = (): MetricsProvider => ({
      description: "the sandbox's monitoring",
      observe: async (requests, now) => {
        const parsed = parseSuppliedValues(metricsValues(now));
        if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
        return createSuppliedValuesProvider(parsed.value).observe(requests, now);
      },
    });
    let appWebhookUrl: string;
    if (options.app) {
      const host = await options.app(gh, metricsValues);
      closers.push(() => host.close());
      appWebhookUrl = host.webhookUrl;
    } else {
      const probot = emulatedProbot(gh);
      const app = createStagegateApp({ now: () => gh.clock.now(), sleep: () => Promise.resolve(), metrics: appMetrics });
      const server: AppServer = await startAppServer({ probot, app, host: "127.0.0.1", sleep: () => Promise.resolve() });
      gh.webhooks.settleWith(() => server.idle());
      closers.push(() => server.close());
      gh.setWebhookUrl(server.webhookUrl);
      appWebhookUrl = server.webhookUrl;
    }
    closers.push(() => gh.idle());

    const runner = createActionRunner({ entry: options.actionEntry, apiUrl: gh.baseUrl, repository: REPO, token: gh.createActionsToken(REPO) });
    closers.push(() => runner.stop());

    const stateText = () => gh.readFile(REPO, plan.value.statePath);
    return {
      gh,
      appWebhookUrl,
      actionEntry: runner.entry,
      settings: settings.value,
      plan: plan.value,
      files,
      setMetrics: (next) => {
        metrics = next;
      },
      metricsValues,
      runAction: async (event, payload) => {
        const now = gh.clock.now();
        const step: ActionStep = (extra = {}) => runner.run({ event, ...(payload ? { payload } : {}), inputs: { now: gh.clock.iso(), "metrics-values": metricsValues(now), ...extra } });
        const run = await (options.aroundAction ?? ((once) => once()))(step);
        // Comments and issue edits the run made are delivered to the App after it answered.
        await gh.idle();
        return run;
      },
      state: () => {
        const text = stateText();
        if (text === null) return null;
        const parsed = parseState(text, plan.value.statePath);
        if (!parsed.ok) throw new Error(`the state file does not parse: ${parsed.problems.map((p) => p.message).join("; ")}`);
        return parsed.value;
      },
      stateText,
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
