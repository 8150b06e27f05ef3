// Who the rollout reaches: 10,000 simulated users of the Playlist Editor, evaluated through the
// OpenFeature server provider reading the state file committed in the emulator, as a service
// would (the GitHub source, conditional requests, one refresh per change). After every change of
// the state the story says how many users have the editor, that nobody who had it lost it on a
// promotion, and whom a rollback switched off on the next refresh.
import { OpenFeature, type Client } from "@openfeature/server-sdk";
import { StagegateProvider } from "../../sdk/flags/server-provider.js";
import { githubSource } from "../../sdk/flags/sources/github-source.js";
import type { RolloutState } from "../../core/model.js";
import type { RunningEmulator } from "../github-emulator/index.js";

const SIMULATED_USERS = 10_000;
/** The plan's internal stage is "internal team members", its beta "100–500 power users". */
const INTERNAL = 20;
const BETA = 300;

function context(i: number): Record<string, string> {
  const user: Record<string, string> = { targetingKey: `listener-${String(i).padStart(5, "0")}` };
  if (i < INTERNAL) user.audience = "internal";
  else if (i < INTERNAL + BETA) user.audience = "beta";
  return user;
}

const count = (n: number) => n.toLocaleString("en-US");

export class Reach {
  private provider: StagegateProvider | null = null;
  private client: Client | null = null;
  private reached: boolean[] | null = null;
  private position: string | null = null;
  private percent = 0;

  constructor(
    private readonly gh: RunningEmulator,
    private readonly repository: string,
    private readonly statePath: string,
  ) {}

  /** Lines to tell when the state changed since the last call; none otherwise. */
  async afterChange(state: RolloutState | null): Promise<string[]> {
    if (state === null) return [];
    const position = `${state.stage}/${state.percent}/${state.status}`;
    if (position === this.position) return [];
    this.position = position;
    const client = await this.connect();
    await this.provider?.flags.refresh();
    const now: boolean[] = [];
    for (let i = 0; i < SIMULATED_USERS; i++) now.push(await client.getBooleanValue(state.rollout, false, context(i)));
    const before = this.reached;
    const previous = this.percent;
    this.reached = now;
    this.percent = state.percent;
    const on = now.filter(Boolean).length;
    const reaches = `  👥 reaches ${count(on)} of ${count(SIMULATED_USERS)} simulated users`;
    if (before === null) return [`${reaches}, read through the OpenFeature provider from ${this.statePath}`];
    const had = before.filter(Boolean).length;
    const lost = before.filter((was, i) => was && !now[i]).length;
    if (state.status === "rolled-back") {
      return [`${reaches}: on its next refresh the rollback switched off ${count(lost)} of the ${count(had)} who had it`];
    }
    if (had === 0) return [reaches];
    return [`${reaches}; ${lost === 0 ? `everyone in at ${previous}% (${count(had)}) is still in` : `${count(lost)} of the ${count(had)} in at ${previous}% lost it`}`];
  }

  async close(): Promise<void> {
    if (this.provider) await OpenFeature.clearProviders();
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    this.gh.setRole(this.repository, "listener-service", "read");
    const source = githubSource({ repository: this.repository, path: this.statePath, token: this.gh.createUserToken("listener-service"), apiUrl: this.gh.baseUrl });
    this.provider = new StagegateProvider({ sources: source });
    await OpenFeature.setProviderAndWait("story-reach", this.provider);
    this.client = OpenFeature.getClient("story-reach");
    return this.client;
  }
}
