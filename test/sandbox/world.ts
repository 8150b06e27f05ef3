// A small organisation for the emulator's own tests: the acme org with teams, people with
// every repository role, one repository with the App installed, and ready-made clients.

import { Octokit } from "@octokit/rest";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../sandbox/github-emulator/index.js";

export const REPO = "acme/web";

export interface World {
  emulator: RunningEmulator;
  installationId: number;
  /** The App's installation, as the App's port uses it. */
  app: Octokit;
  /** A workflow's GITHUB_TOKEN for acme/web. */
  actions: Octokit;
  /** A person's token (quinn, write access). */
  quinn: Octokit;
  client(token: string): Octokit;
}

export async function createWorld(options: EmulatorOptions = {}): Promise<World> {
  const emulator = await startEmulator(options);
  emulator.addOrg("acme");
  emulator.addTeam("acme", "eng-leads", [{ login: "lee" }, { login: "newbie", state: "pending" }]);
  emulator.addTeam("acme", "sre", ["omar"]);
  emulator.addRepo("acme", "web", {
    files: {
      ".github/stagegate.yml": "roles:\n  qa-lead: { users: [quinn] }\n",
      ".github/rollouts/playlist-editor.yml": "description: Playlist Editor\n",
      "README.md": "# web\n",
    },
  });
  for (const [login, role] of [["ada", "admin"], ["mia", "maintain"], ["quinn", "write"], ["tara", "triage"], ["rita", "read"]] as const) emulator.setRole(REPO, login, role);
  emulator.addUser("nobody");
  const installation = emulator.installApp({ account: "acme" });
  const client = (token: string) => new Octokit({ auth: token, baseUrl: emulator.baseUrl, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
  return {
    emulator,
    installationId: installation.id,
    app: client(emulator.createInstallationToken(installation.id)),
    actions: client(emulator.createActionsToken(REPO)),
    quinn: client(emulator.createUserToken("quinn")),
    client,
  };
}

/** The HTTP status of a rejected call (or 0 when it unexpectedly succeeded). */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 0;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}

export interface Failure {
  status: number;
  message: string;
  headers: Record<string, string | undefined>;
}

/** The error a call was rejected with; fails the test when the call succeeds. */
export async function failure(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (err) {
    const e = err as { status?: number; message?: string; response?: { headers?: Record<string, string> } };
    return { status: e.status ?? -1, message: e.message ?? "", headers: e.response?.headers ?? {} };
  }
  throw new Error("expected the call to be rejected, but it succeeded");
}
