// Probot pointed at the emulator as the App the emulator registered: its id, private key and
// webhook secret. The tests, the sandbox's stories and the benchmarks all start the App this way.
import { Probot, ProbotOctokit } from "probot";
import type { RunningEmulator } from "./emulator.js";

/** A logger that says nothing: expected 404s and retries would otherwise fill test output. */
export const QUIET_LOG = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Probot's throttling spaces writes a second apart (on a simulated clock that only costs real
 * time) and the emulator enforces no rate limits; client-side retries are off so that a failed
 * call fails the delivery, which GitHub would then redeliver. `baseUrl` defaults to the
 * emulator's (a test may put a proxy in front of it).
 */
export function emulatedProbot(gh: RunningEmulator, baseUrl: string = gh.baseUrl): Probot {
  return quietProbot({ appId: gh.app.id, privateKey: gh.app.privateKey, secret: gh.app.webhookSecret }, baseUrl);
}

/** The same Probot from an App's credentials, for an App process started with them in its environment. */
export function quietProbot(app: { appId: number | string | undefined; privateKey: string | undefined; secret: string | undefined }, baseUrl: string | undefined): Probot {
  return new Probot({
    ...app,
    baseUrl,
    Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, throttle: { enabled: false }, retry: { enabled: false }, log: QUIET_LOG })),
    logLevel: "fatal",
  });
}
