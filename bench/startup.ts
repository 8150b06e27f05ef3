// Start-up of the Action as the runner starts it: `node dist/index.js` on a scheduled run with
// nothing to do, against the emulator, beside `node -e 0` (Node starting and doing nothing), in
// alternating runs so both meet the same background load. A third figure says what part of the
// difference is the network: a script that only makes the very requests the run made.
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ACTION_BUNDLE, bareEnv, runAction, timedNode } from "./action-process.js";
import { countCalls } from "./call-count.js";
import { at, healthyMetrics, startRolloutRepo, type RolloutRepo } from "./rollout-repo.js";
import { median, round } from "./stats.js";

export interface StartupFigures {
  runs: number;
  nodeMs: number;
  actionMs: number;
  /** actionMs / nodeMs. */
  ratio: number;
  /** The same GET requests made by a bare node:http script: the network's share. */
  requestsOnlyMs: number;
  requests: number;
  bundleBytes: number;
}

// Only node:http and the requests, one after another as the run made them (it makes some at once).
const REQUESTS_ONLY = `
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true });
const urls = JSON.parse(process.env.URLS);
const get = (url) => new Promise((resolve, reject) => http.get(url, { agent, headers: { authorization: "token " + process.env.TOKEN, accept: "application/vnd.github+json", "user-agent": "bench" } }, (res) => { res.resume(); res.on("end", resolve); }).on("error", reject));
(async () => { for (const url of urls) await get(url); agent.destroy(); })();
`;

async function nothingToDoRun(repo: RolloutRepo): Promise<number> {
  const run = await runAction({ apiUrl: repo.emulator.baseUrl, repository: repo.repository, token: repo.token, now: at(2), metricsValues: healthyMetrics(1) });
  if (run.code !== 0) throw new Error(`the Action failed (exit ${run.code}): ${run.stdout}${run.stderr}`);
  return run.wallMs;
}

/** dist/index.js and every chunk it may load: what a checkout of the Action carries. */
export function actionBundleBytes(): number {
  const chunks = join(dirname(ACTION_BUNDLE), "chunks");
  const names = readdirSync(chunks).map((name) => join(chunks, name));
  return [ACTION_BUNDLE, ...names].reduce((sum, path) => sum + statSync(path).size, 0);
}

export async function measureStartup(runs: number): Promise<StartupFigures> {
  const repo = await startRolloutRepo(1);
  const dir = await mkdtemp(join(tmpdir(), "stagegate-bench-"));
  try {
    // The first run renders the tracking issue; every later one has nothing to do.
    await runAction({ apiUrl: repo.emulator.baseUrl, repository: repo.repository, token: repo.token, now: at(1), metricsValues: healthyMetrics() });
    repo.emulator.requests.reset();
    await nothingToDoRun(repo);
    const made = repo.emulator.requests.all();
    if (countCalls(made).writes !== 0) throw new Error("the start-up run wrote to GitHub: it is not a run with nothing to do");
    const script = join(dir, "requests-only.cjs");
    await writeFile(script, REQUESTS_ONLY);
    const requestsEnv = { ...bareEnv(), URLS: JSON.stringify(made.map((r) => `${repo.emulator.baseUrl}${r.url}`)), TOKEN: repo.token };

    const node: number[] = [];
    const action: number[] = [];
    const requests: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Rotate the order so none of the three always runs right after another.
      const steps = [async () => node.push((await timedNode(["-e", "0"], bareEnv())).wallMs), async () => action.push(await nothingToDoRun(repo)), async () => requests.push((await timedNode([script], requestsEnv)).wallMs)];
      for (let k = 0; k < steps.length; k++) await (steps[(i + k) % steps.length] as () => Promise<unknown>)();
    }
    const nodeMs = median(node);
    const actionMs = median(action);
    return { runs, nodeMs: round(nodeMs), actionMs: round(actionMs), ratio: round(actionMs / nodeMs, 2), requestsOnlyMs: round(median(requests)), requests: made.length, bundleBytes: actionBundleBytes() };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await repo.emulator.close();
  }
}
