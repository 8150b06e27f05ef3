// The runtime's tests talk to the emulator through the real Octokit port, as the App and the
// Action do: acme/web with settings, the seed-like plan and a started rollout's state file.
import { Octokit } from "@octokit/rest";
import type { RolloutState } from "../../core/model.js";
import { serializeState } from "../../core/state/serialize-state.js";
import { OctokitGitHubPort } from "../../port/octokit-github-port.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { PLAN, PLAN_PATH, SETTINGS, STATE_PATH } from "../app/harness.js";
import { stateFilesApart } from "../seed-state-files.js";

export { PLAN, PLAN_PATH, SETTINGS, STATE_PATH };
export const REPO = "acme/web";

export const STARTED: RolloutState = {
  rollout: "playlist-editor",
  trackingIssue: null,
  stage: "internal",
  percent: 0,
  status: "progressing",
  entered: "2026-11-30T14:00:00Z",
  resumeTo: null,
  approvals: [],
  openAlerts: [],
  history: [{ at: "2026-11-30T14:00:00Z", action: "start", from: null, to: "internal", by: "stagegate", reason: "every sign-off is in" }],
};

export interface RuntimeWorld {
  emulator: RunningEmulator;
  port: OctokitGitHubPort;
  /** The installation's client, for more ports of the same App (each a process of its own). */
  octokit: Octokit;
  close(): Promise<void>;
}

export async function startRuntimeWorld(files: Record<string, string> = {}): Promise<RuntimeWorld> {
  const emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  emulator.addOrg("acme");
  emulator.addRepo("acme", "web", stateFilesApart({ ".github/stagegate.yml": SETTINGS, [PLAN_PATH]: PLAN, [STATE_PATH]: serializeState(STARTED, null), ...files }));
  emulator.setRole(REPO, "ada", "admin");
  const installation = emulator.installApp({ account: "acme" });
  const octokit = new Octokit({ auth: emulator.createInstallationToken(installation.id), baseUrl: emulator.baseUrl, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
  return { emulator, port: new OctokitGitHubPort(octokit, { owner: "acme", repo: "web" }), octokit, close: () => emulator.close() };
}
