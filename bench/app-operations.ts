// What each App operation costs on GitHub, counted by the emulator while the App runs as a real
// server receiving signed webhooks. Every operation is checked to have done its job (a tick
// recorded, a promotion committed), so a cheap figure can never come from a broken operation.
//
// The App keeps the last answer per URL and asks GitHub conditionally (304s are free of rate
// limit), so an operation costs more the first time the App reads a resource than afterwards.
// Both are measured: the first tick after the plan PR opened and the first after the rollout
// started, then the same kind of tick again, which is what a running App mostly sees.
import type { Emulator } from "../sandbox/github-emulator/index.js";
import { countCalls, type CallCount } from "./call-count.js";
import { openPlanPullRequest, REPO, startBenchApp, startRollout, stateOnMain, trackingIssueNumber, type AppWorld } from "./app-world.js";

export interface OperationCount {
  operation: string;
  /** `steady`: the App had read what the operation reads before; `first`: it had not. */
  cache: "first" | "steady";
  count: CallCount;
}

async function counted(w: AppWorld, operation: string, cache: OperationCount["cache"], act: () => Promise<unknown>, check: () => string | null): Promise<OperationCount> {
  w.emulator.requests.reset();
  await act();
  await w.emulator.idle();
  const problem = check();
  if (problem !== null) throw new Error(`bench operation "${operation}" did not do its job: ${problem}`);
  const app = w.emulator.requests.all().filter((e) => e.actor.startsWith("installation:") || e.actor.startsWith("app:"));
  return { operation, cache, count: countCalls(app) };
}

function itemLine(emulator: Emulator, issue: number, key: string): string {
  const body = emulator.repo(REPO).issues.get(issue)?.body ?? "";
  return body.split("\n").find((l) => l.includes(`<!-- stagegate:item ${key} -->`)) ?? "";
}

const signedLine = (w: AppWorld, issue: number, key: string, login: string) => (itemLine(w.emulator, issue, key).includes(`✅ @${login}`) ? null : `the issue does not show ${key} signed by ${login}`);

export interface AppFigures {
  operations: OperationCount[];
  /** Installation tokens the App created over the whole session, set-up included. */
  tokenCreations: number;
}

export async function measureAppOperations(): Promise<AppFigures> {
  const w = await startBenchApp();
  try {
    const pr = await openPlanPullRequest(w);
    const issue = trackingIssueNumber(w);
    // The token Probot created for the plan PR's events, before any operation was counted.
    const setupTokens = countCalls(w.emulator.requests.all()).tokens;
    const tick = (login: string, key: string) => () => w.emulator.as(login).tick(REPO, issue, key);
    const results: OperationCount[] = [];

    results.push(await counted(w, "tick: sign-off on an open plan PR", "first", tick("sam", "signoff/security-review"), () => signedLine(w, issue, "signoff/security-review", "sam")));
    results.push(await counted(w, "tick: sign-off on an open plan PR", "steady", tick("pam", "signoff/documentation"), () => signedLine(w, issue, "signoff/documentation", "pam")));
    // A role held through a team costs a membership look-up, free once the App has made it.
    results.push(await counted(w, "tick: sign-off whose role is a team", "first", tick("lee", "signoff/code-review"), () => signedLine(w, issue, "signoff/code-review", "lee")));
    results.push(await counted(w, "tick: sign-off whose role is a team", "steady", tick("lee", "signoff/migrations-prepared"), () => signedLine(w, issue, "signoff/migrations-prepared", "lee")));
    results.push(
      await counted(w, "tick by someone without the role", "steady", tick("tara", "signoff/unit-tests"), () =>
        itemLine(w.emulator, issue, "signoff/unit-tests").startsWith("- [ ]") ? null : "tara's tick was not undone",
      ),
    );

    await startRollout(w, pr.number);
    const approvals = () => stateOnMain(w).approvals.length;
    let before = approvals();
    results.push(await counted(w, "tick: exit item on a running rollout", "first", tick("quinn", "exit/internal/no-critical-bugs"), () => (approvals() === before + 1 ? null : "the approval was not committed")));
    before = approvals();
    results.push(await counted(w, "tick: exit item on a running rollout", "steady", tick("pam", "exit/internal/analytics-events"), () => (approvals() === before + 1 ? null : "the approval was not committed")));

    const comment = (body: string) => () => w.emulator.as("quinn").comment(REPO, issue, body);
    results.push(await counted(w, "/promote, not eligible", "steady", comment("/promote"), () => (stateOnMain(w).stage === "internal" ? null : "the rollout moved")));
    // Eight days later, a Wednesday morning in New York: the 7d bake is served, inside business hours.
    w.emulator.clock.advance(8 * 86_400_000);
    results.push(await counted(w, "/promote, eligible", "steady", comment("/promote"), () => (stateOnMain(w).stage === "beta" ? null : "the rollout was not promoted")));
    results.push(await counted(w, "/rollback", "steady", comment("/rollback error budget burning"), () => (stateOnMain(w).status === "rolled-back" ? null : "the rollout was not rolled back")));
    return { operations: results, tokenCreations: setupTokens + results.reduce((n, o) => n + o.count.tokens, 0) };
  } finally {
    await w.close();
  }
}
