// The App inside a GitHub workflow, for teams that cannot host a server: a workflow on `issues`,
// `issue_comment` and `pull_request` runs this entry (dist/app-workflow.js, committed like the
// Action's bundle), which hands the event to the same handlers the server runs, authenticated as
// the App with an installation token. docs/deploy.md has the workflow and the trade-offs.
//
// Workflow events carry no `installation`, unlike webhooks: it is looked up for the repository
// with the App's JWT (`GET /repos/{owner}/{repo}/installation`). A run has no delivery id either;
// the run id and attempt stand in for it.
import { readFile } from "node:fs/promises";
import { Probot } from "probot";
import stagegate from "./index.js";

const HANDLED = new Set(["issues", "issue_comment", "pull_request", "check_run"]);

interface WorkflowEnv {
  [name: string]: string | undefined;
}

function required(env: WorkflowEnv, name: string, hint: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: ${hint}`);
  return value;
}

/** Handles the workflow's event; returns a line saying what was done. Throws with a message a person can act on. */
async function runInWorkflow(env: WorkflowEnv): Promise<string> {
  const name = required(env, "GITHUB_EVENT_NAME", "run this inside a GitHub workflow");
  if (!HANDLED.has(name)) return `stagegate does not handle ${name} events; nothing to do`;
  const appId = required(env, "APP_ID", "pass the App's id (e.g. `APP_ID: ${{ vars.STAGEGATE_APP_ID }}`)");
  const privateKey = required(env, "PRIVATE_KEY", "pass the App's private key from a secret (`PRIVATE_KEY: ${{ secrets.STAGEGATE_PRIVATE_KEY }}`)");
  const payload = JSON.parse(await readFile(required(env, "GITHUB_EVENT_PATH", "run this inside a GitHub workflow"), "utf8")) as Record<string, unknown> & {
    repository?: { name: string; owner: { login: string } };
    installation?: { id: number };
  };
  const probot = new Probot({
    appId,
    privateKey: privateKey.replace(/\\n/g, "\n"),
    // Signatures are not checked: the event comes from the runner, not over HTTP.
    secret: "unused-in-a-workflow",
    baseUrl: env.GITHUB_API_URL || "https://api.github.com",
    logLevel: (env.LOG_LEVEL as "info" | undefined) || "info",
  });
  if (!payload.installation && payload.repository) {
    const app = await probot.auth();
    const { data } = await app.request("GET /repos/{owner}/{repo}/installation", { owner: payload.repository.owner.login, repo: payload.repository.name });
    payload.installation = { id: data.id };
  }
  if (!payload.installation) throw new Error(`the ${name} event names no repository, so the App's installation cannot be found`);
  await probot.load(stagegate);
  const id = `${env.GITHUB_RUN_ID ?? "local"}.${env.GITHUB_RUN_ATTEMPT ?? "1"}`;
  await probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
  // Every event the App handles has an action.
  return `stagegate handled ${name}.${String(payload.action)} (run ${id})`;
}

/** The workflow step: what it prints and its exit code. A failure is one annotation with the reason; its stack follows in the log. */
export async function workflowStep(env: WorkflowEnv): Promise<{ exitCode: number; lines: string[] }> {
  try {
    return { exitCode: 0, lines: [await runInWorkflow(env)] };
  } catch (error) {
    // A handler's failure comes wrapped (Probot gathers every handler's error in one).
    const reason = ((error as { errors?: unknown[] }).errors?.[0] ?? error) as Error;
    return { exitCode: 1, lines: [`::error title=stagegate::${reason.message}`, String(reason.stack)] };
  }
}
