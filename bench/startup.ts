// Start-up of the Action as the runner starts it: `node dist/index.js` on a scheduled run with
// nothing to do, against the emulator, beside `node -e 0` (Node starting and doing nothing), in
// rounds of rotating order so all meet the same background load. Beside them, the floor: what the
// parts every such run needs cost a fresh process on their own, each measured the same way —
// reading GitHub (the run's requests over node:http and nothing else; and a single request, the
// least any design could make), an offset in the settings' time zone (through Intl, as luxon and
// any zone library get it, and through Date with TZ set for the process, the cheapest way there
// is), the three files read as YAML (by the yaml library, and by js-yaml, the smallest maintained
// reader), and one line of log on stdout. What the cheapest of each adds to `node -e 0` sums to the
// least any run that reads, decides and reports can take, before a line of stagegate's own runs.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { serializeState } from "../core/state/serialize-state.js";
import { REQUIRE_SHIM } from "../scripts/package.js";
import { ACTION_BUNDLE, ROOT, actionRunEnvironment, bareEnv, runAction, timedNode, type ActionRunOptions } from "./action-process.js";
import { countCalls } from "./call-count.js";
import { at, healthyMetrics, planYaml, rolloutName, servingTen, SETTINGS, startRolloutRepo, type RolloutRepo } from "./rollout-repo.js";
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
  /** The first of them alone: what any run that reads GitHub at all pays. */
  oneRequestMs: number;
  /** One date formatted in the settings' time zone through Intl: ICU's first use, as luxon pays it. */
  timeZoneOnlyMs: number;
  /** The same zone's offset from Date, with TZ set for the process: no Intl, no locale data. */
  timeZoneByTzMs: number;
  /** One line written to stdout, a pipe as on the runner: every run logs what it did. */
  logLineMs: number;
  /** The settings, plan and state files parsed by the yaml library, bundled, and nothing else. */
  yamlOnlyMs: number;
  /** The same three files parsed by js-yaml (YAML 1.2 core schema), bundled, and nothing else. */
  smallestYamlOnlyMs: number;
  /** node -e 0 plus what one request, the cheaper zone offset, the cheaper YAML reader and a log line add to it. */
  floorMs: number;
  /** floorMs / nodeMs: the ratio no design that keeps these parts can go below. */
  floorRatio: number;
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

const TIME_ZONE_ONLY = `new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric" }).format(0);`;
const TIME_ZONE_BY_TZ = `process.env.TZ = "America/New_York"; new Date(0).getTimezoneOffset();`;
const LOG_LINE = `process.stdout.write("feature-001: nothing to do\\n");`;

// The run's three files read as YAML and nothing else, bundled as dist/ is: by the yaml library as
// the core reads them, and by js-yaml.
const READERS = {
  yaml: `import { LineCounter, parseDocument } from "yaml";
const read = (text) => parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false }).toJS();`,
  "js-yaml": `import { CORE_SCHEMA, load } from "js-yaml";
const read = (text) => load(text, { schema: CORE_SCHEMA });`,
};

async function bundleYamlReader(dir: string, reader: keyof typeof READERS): Promise<string> {
  const outfile = join(dir, `${reader}-only.mjs`);
  const contents = `${READERS[reader]}\nimport { readFileSync } from "node:fs";\nfor (const text of JSON.parse(readFileSync(process.env.FILES, "utf8"))) read(text);\n`;
  await build({ stdin: { contents, resolveDir: ROOT, loader: "js" }, bundle: true, platform: "node", target: "node24", format: "esm", minify: true, banner: { js: REQUIRE_SHIM }, outfile, logLevel: "silent" });
  return outfile;
}

function nothingToDo(repo: RolloutRepo): ActionRunOptions {
  return { apiUrl: repo.emulator.baseUrl, repository: repo.repository, token: repo.token, now: at(2), metricsValues: healthyMetrics(1) };
}

// Times every case from a small process of its own: spawning from the bench's process, which holds
// the emulator and hundreds of megabytes, would add its own fork cost to every figure alike and
// blur the ratios. The emulator keeps serving in the bench's process meanwhile. The order rotates
// every round so that no case always runs right after another and all share the background load.
const TIMER = `
const { spawnSync } = require("node:child_process");
const { readFileSync } = require("node:fs");
const { runs, cases } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const samples = cases.map(() => []);
for (let i = 0; i < runs; i++) {
  for (let k = 0; k < cases.length; k++) {
    const at = (i + k) % cases.length;
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, cases[at].args, { env: cases[at].env, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) { process.stderr.write(cases[at].name + " failed (exit " + run.status + "): " + run.stdout + run.stderr); process.exit(1); }
    samples[at].push(ms);
  }
}
process.stdout.write(JSON.stringify(samples));
`;

interface TimedCase {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

async function timeCases(dir: string, runs: number, cases: TimedCase[]): Promise<number[][]> {
  const timer = join(dir, "timer.cjs");
  const job = join(dir, "timer-job.json");
  await writeFile(timer, TIMER);
  await writeFile(job, JSON.stringify({ runs, cases }));
  const run = await timedNode([timer, job], bareEnv());
  if (run.code !== 0) throw new Error(`timing failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as number[][];
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
    const check = await runAction(nothingToDo(repo));
    if (check.code !== 0) throw new Error(`the Action failed (exit ${check.code}): ${check.stdout}${check.stderr}`);
    const made = repo.emulator.requests.all();
    if (countCalls(made).writes !== 0) throw new Error("the start-up run wrote to GitHub: it is not a run with nothing to do");
    const script = join(dir, "requests-only.cjs");
    await writeFile(script, REQUESTS_ONLY);
    const requestsEnv = { ...bareEnv(), URLS: JSON.stringify(made.map((r) => `${repo.emulator.baseUrl}${r.url}`)), TOKEN: repo.token };
    const oneRequestEnv = { ...requestsEnv, URLS: JSON.stringify([`${repo.emulator.baseUrl}${made[0]?.url ?? "/"}`]) };
    const name = rolloutName(1);
    await writeFile(join(dir, "files.json"), JSON.stringify([SETTINGS, planYaml(name), serializeState(servingTen(name), null)]));
    const yamlOnly = await bundleYamlReader(dir, "yaml");
    const smallestYamlOnly = await bundleYamlReader(dir, "js-yaml");
    const yamlEnv = { ...bareEnv(), FILES: join(dir, "files.json") };

    const actionDir = join(dir, "action");
    await mkdir(actionDir);
    const { env: actionEnv } = await actionRunEnvironment(nothingToDo(repo), actionDir);
    const samples = await timeCases(dir, runs, [
      { name: "node -e 0", args: ["-e", "0"], env: bareEnv() },
      { name: "the Action", args: [ACTION_BUNDLE], env: actionEnv },
      { name: "the requests", args: [script], env: requestsEnv },
      { name: "one request", args: [script], env: oneRequestEnv },
      { name: "a zone offset through Intl", args: ["-e", TIME_ZONE_ONLY], env: bareEnv() },
      { name: "a zone offset through Date", args: ["-e", TIME_ZONE_BY_TZ], env: bareEnv() },
      { name: "yaml", args: [yamlOnly], env: yamlEnv },
      { name: "js-yaml", args: [smallestYamlOnly], env: yamlEnv },
      { name: "a log line", args: ["-e", LOG_LINE], env: bareEnv() },
    ]);
    const [nodeMs, actionMs, requestsOnlyMs, oneRequestMs, timeZoneOnlyMs, timeZoneByTzMs, yamlOnlyMs, smallestYamlOnlyMs, logLineMs] = samples.map(median) as [number, number, number, number, number, number, number, number, number];
    const parts = [oneRequestMs, Math.min(timeZoneOnlyMs, timeZoneByTzMs), Math.min(yamlOnlyMs, smallestYamlOnlyMs), logLineMs];
    const floorMs = nodeMs + parts.reduce((sum, part) => sum + Math.max(0, part - nodeMs), 0);
    return {
      runs,
      nodeMs: round(nodeMs),
      actionMs: round(actionMs),
      ratio: round(actionMs / nodeMs, 2),
      requestsOnlyMs: round(requestsOnlyMs),
      requests: made.length,
      oneRequestMs: round(oneRequestMs),
      timeZoneOnlyMs: round(timeZoneOnlyMs),
      timeZoneByTzMs: round(timeZoneByTzMs),
      logLineMs: round(logLineMs),
      yamlOnlyMs: round(yamlOnlyMs),
      smallestYamlOnlyMs: round(smallestYamlOnlyMs),
      floorMs: round(floorMs),
      floorRatio: round(floorMs / nodeMs, 2),
      bundleBytes: actionBundleBytes(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await repo.emulator.close();
  }
}
