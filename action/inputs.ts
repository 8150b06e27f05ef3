// Reads and checks the Action's inputs once, at the start, so a typo in a workflow fails the
// step with a sentence naming the input instead of surfacing later as a wrong decision.
import { formatProblem } from "../core/result.js";
import { parseSuppliedValues } from "../metrics/supplied-values.js";
import { INPUTS, type InputName } from "./io.js";

export interface ActionInputs {
  token: string;
  /** Folder of the plans and the file-name pattern inside it. */
  rollouts: { dir: string; pattern: RegExp; text: string };
  /** Path of the settings file on the default branch. */
  settings: string;
  dryRun: boolean;
  metrics: {
    token: string | null;
    username: string | null;
    password: string | null;
    /** The `metrics-values` JSON text; metrics/from-settings.ts reads it (a bad value holds every gate). */
    values: string | null;
  };
  /** The override for the sandbox, or null to use the real clock. */
  now: Date | null;
}

export type InputsResult = { ok: true; inputs: ActionInputs } | { ok: false; messages: string[] };

/** `(name) => value` as the runner supplies it (`INPUT_<NAME>`), empty string when unset. */
export type InputReader = (name: InputName) => string;

/** Reads `INPUT_<NAME>` exactly as @actions/core does (upper case, spaces to `_`, trimmed). */
export function envInputReader(env: NodeJS.ProcessEnv): InputReader {
  return (name) => (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

export function readInputs(read: InputReader, mask: (secret: string) => void): InputsResult {
  // Mask first: nothing below may log a credential, not even inside an error message.
  for (const [name, spec] of Object.entries(INPUTS)) {
    const value = read(name as InputName);
    if ("secret" in spec && spec.secret && value !== "") mask(value);
  }
  const value = (name: InputName): string => {
    const raw = read(name);
    const fallback = "default" in INPUTS[name] ? (INPUTS[name] as { default: string }).default : "";
    return raw === "" && !fallback.startsWith("${{") ? fallback : raw;
  };
  const messages: string[] = [];

  const token = value("token");
  if (token === "") messages.push("input token is empty: pass a token with contents: write and issues: write (the default is ${{ github.token }}).");

  const rollouts = parseRolloutsGlob(value("rollouts"));
  if (typeof rollouts === "string") messages.push(rollouts);

  const settings = value("settings").replace(/^\.\//, "");
  if (settings === "" || settings.endsWith("/")) messages.push(`input settings is "${value("settings")}": name a file, e.g. .github/stagegate.yml.`);

  const dryRunText = value("dry-run").toLowerCase();
  const dryRun = ["true", "yes", "1", "on"].includes(dryRunText);
  if (!dryRun && !["false", "no", "0", "off", ""].includes(dryRunText)) {
    messages.push(`input dry-run is "${value("dry-run")}": use true or false.`);
  }

  const nowText = value("now");
  let now: Date | null = null;
  if (nowText !== "") {
    // Only a full instant: a date alone or a local time would silently depend on the runner's zone.
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
    const parsed = new Date(nowText);
    if (!iso.test(nowText) || Number.isNaN(parsed.getTime())) {
      messages.push(`input now is "${nowText}": use an ISO-8601 instant with a zone, e.g. 2026-12-03T14:00:00Z.`);
    } else now = parsed;
  }

  const values = value("metrics-values");
  if (values !== "") {
    // A typo here must fail the step, not quietly leave every gate without data.
    const parsed = parseSuppliedValues(values);
    if (!parsed.ok) messages.push(...parsed.problems.map((p) => `input metrics-values: ${formatProblem(p)}`));
  }

  if (messages.length > 0 || typeof rollouts === "string") return { ok: false, messages };
  const orNull = (text: string): string | null => (text === "" ? null : text);
  return {
    ok: true,
    inputs: {
      token,
      rollouts,
      settings,
      dryRun,
      metrics: { token: orNull(value("metrics-token")), username: orNull(value("metrics-username")), password: orNull(value("metrics-password")), values: orNull(value("metrics-values")) },
      now,
    },
  };
}

/**
 * The port lists one folder at a time, so the glob is a folder plus a file-name pattern:
 * `.github/rollouts/*.yml`, `deploy/plans/*-rollout.yaml`. `*` and `?` match inside the name.
 * Exported so every pattern can be checked against the names it must and must not match.
 */
export function parseRolloutsGlob(text: string): ActionInputs["rollouts"] | string {
  const cleaned = text.replace(/^\.\//, "").replace(/\/+$/, "");
  const slash = cleaned.lastIndexOf("/");
  const dir = slash === -1 ? "" : cleaned.slice(0, slash);
  const name = slash === -1 ? cleaned : cleaned.slice(slash + 1);
  if (cleaned === "" || name === "") return `input rollouts is empty: use a folder and a file pattern such as .github/rollouts/*.yml.`;
  if (/[*?[\]{}]/.test(dir)) return `input rollouts is "${text}": wildcards are allowed only in the file name, e.g. .github/rollouts/*.yml.`;
  if (/[[\]{}]/.test(name)) return `input rollouts is "${text}": only * and ? are supported in the file name.`;
  const source = name.replace(/[.+^$()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return { dir, pattern: new RegExp(`^${source}$`), text: cleaned };
}
