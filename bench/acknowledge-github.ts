// GitHub for the acknowledgement bench, in a process of its own: the emulator with ten tracking
// issues and 200 `/status` comments on them, whose deliveries are held rather than sent. The
// bench's main process asks over IPC for the deliveries (signed, as GitHub would send them), then
// polls whether every comment has been answered. Kept apart from the sender so that the emulator's
// work (it answers every API call the App makes while working the burst) never delays a send or
// the reading of an acknowledgement.
import type { Delivery, RunningEmulator } from "../sandbox/github-emulator/index.js";
import { startEmulator } from "../sandbox/github-emulator/index.js";
import { deliveryHeaders } from "../sandbox/github-emulator/webhooks.js";

export interface SignedDelivery {
  headers: Record<string, string>;
  body: string;
}

export interface GitHubWorld {
  apiUrl: string;
  app: { id: number; privateKey: string; webhookSecret: string };
  /** The timed burst. */
  deliveries: SignedDelivery[];
  /** Sent and worked before the burst, on rollouts of their own, so the replicas are as warm as a running App. */
  warmup: SignedDelivery[];
}

export type GitHubRequest = { kind: "world"; commands: number; rollouts: number; warmup: number } | { kind: "progress" } | { kind: "idle" };
export interface Progress {
  /** Every comment of the burst has its final reaction (🚀 or 😕). */
  finished: boolean;
  /** Every comment of the burst has one 👀, one 🚀 and one reply. */
  answeredOnce: boolean;
  /** Every warm-up comment has its final reaction. */
  warmedUp: boolean;
}

const REPO = "acme/web";

let gh: RunningEmulator | null = null;
let commentIds: number[] = [];
let warmupIds: number[] = [];

const WARMUP_ROLLOUTS = 4;

async function world(commands: number, rollouts: number, warmup: number): Promise<GitHubWorld> {
  const emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  gh = emulator;
  emulator.addOrg("acme");
  emulator.addRepo("acme", "web", { files: { ".github/stagegate.yml": "roles: {}\n" } });
  emulator.setRole(REPO, "rita", "read");
  emulator.installApp({ account: "acme" });
  // Held rather than sent: the bench sends them itself.
  const comments = async (names: string[], count: number): Promise<Delivery[]> => {
    emulator.webhooks.hold();
    for (const name of names) {
      const { value: issue } = await emulator.as("rita").openIssue(REPO, { title: `Rollout: ${name}`, body: `<!-- stagegate:rollout ${name} -->\n## Rollout\n`, labels: ["stagegate"] });
      for (let i = 0; i < count / names.length; i++) await emulator.as("rita").comment(REPO, issue.number, "/status");
    }
    const held = emulator.webhooks.heldDeliveries().filter((d) => d.event === "issue_comment");
    await emulator.webhooks.release(() => []);
    return held;
  };
  const signed = (deliveries: Delivery[]) => deliveries.map((d) => ({ headers: { ...deliveryHeaders(d), "content-length": String(Buffer.byteLength(d.body)) }, body: d.body }));
  const warm = await comments(Array.from({ length: WARMUP_ROLLOUTS }, (_, r) => `warm-up-${r}`), warmup);
  const held = await comments(Array.from({ length: rollouts }, (_, r) => `r${r}`), commands);
  const idOf = (d: Delivery) => (d.payload.comment as { id: number }).id;
  warmupIds = warm.map(idOf);
  commentIds = held.map(idOf);
  return {
    apiUrl: emulator.baseUrl,
    app: { id: emulator.app.id, privateKey: emulator.app.privateKey, webhookSecret: emulator.app.webhookSecret },
    deliveries: signed(held),
    warmup: signed(warm),
  };
}

function progress(): Progress {
  if (gh === null) return { finished: false, answeredOnce: false, warmedUp: false };
  const bot = gh.app.botLogin;
  const reactions = (id: number) => (gh?.state.comments.get(id)?.reactions ?? []).filter((r) => r.user === bot).map((r) => r.content).sort();
  // Worked: the App has put its final reaction beside the 👀.
  const worked = (ids: number[]) => ids.every((id) => reactions(id).some((r) => r !== "eyes"));
  const finished = worked(commentIds);
  const warmedUp = worked(warmupIds);
  const replies = new Map<string, number>();
  for (const c of gh.state.comments.values()) if (c.author === bot) for (const m of c.body.matchAll(/stagegate:answer (\d+)/g)) replies.set(m[1] as string, (replies.get(m[1] as string) ?? 0) + 1);
  const answeredOnce = commentIds.every((id) => reactions(id).join() === "eyes,rocket" && replies.get(String(id)) === 1);
  return { finished, answeredOnce, warmedUp };
}

process.on("message", (message: GitHubRequest) => {
  const reply = (value: unknown) => process.send?.(value);
  if (message.kind === "world") void world(message.commands, message.rollouts, message.warmup).then(reply);
  else if (message.kind === "progress") reply(progress());
  else void (gh?.idle() ?? Promise.resolve()).then(() => reply(true));
});
process.once("SIGTERM", () => void (gh?.close() ?? Promise.resolve()).finally(() => process.exit(0)));
process.send?.("ready");
