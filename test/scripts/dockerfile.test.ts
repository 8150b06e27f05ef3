// The Dockerfile, as far as a machine without a container engine can check it: its runtime stage
// is read instruction by instruction and carried out in a clean copy of the tree — the build
// stage's bundle, the production-only `npm ci` (offline, from npm's cache), the files it copies,
// its environment and its CMD — and the App started that way answers signed webhooks from the
// emulator, passes its HEALTHCHECK command and stops on SIGTERM; its admin command runs there too.
import { execFile, execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../scripts/build-app.js";
import { ROOT } from "../../scripts/package.js";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { appEnv, freePort, startAppProcess, until, type AppProcess } from "../app/app-process.js";
import { REPO, SETTINGS } from "../app/harness.js";
import { startRedis } from "../redis-server.js";
import { npmEnv, withResolved, type Lock } from "./npm-offline.js";

const run = promisify(execFile);

interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's stages, each a list of instructions (comments and continuations handled). */
function stages(text: string): Instruction[][] {
  const lines = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  const result: Instruction[][] = [];
  for (const line of lines) {
    const [op = "", ...rest] = line.split(/\s+/);
    const instruction = { op: op.toUpperCase(), args: rest.join(" ") };
    if (instruction.op === "FROM") result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

const dockerfile = await readFile(join(ROOT, "Dockerfile"), "utf8");
const [buildStage = [], runtime = []] = stages(dockerfile).length === 2 ? [stages(dockerfile)[0], stages(dockerfile)[1]] : [];
const all = (op: string) => runtime.filter((i) => i.op === op);
const jsonArgs = (i: Instruction | undefined) => JSON.parse(i?.args.replace(/^--\S+\s+/g, "").replace(/^.*?CMD\s+/, "") ?? "[]") as string[];

describe("the Dockerfile", () => {
  it("has a build stage and a runtime stage on Node 24, running as a user that is not root", () => {
    expect(stages(dockerfile)).toHaveLength(2);
    expect(buildStage[0]?.args).toMatch(/^node:24[-.\w]* AS build$/);
    expect(runtime[0]?.args).toMatch(/^node:24[-.\w]*$/);
    expect(all("USER").at(-1)?.args).toBe("node");
    expect(all("ENV").map((i) => i.args)).toContain("NODE_ENV=production");
  });

  it("installs production dependencies only, and checks /healthz", () => {
    const install = all("RUN").map((i) => i.args).join("\n");
    expect(install).toMatch(/npm ci --omit=dev/);
    const healthcheck = all("HEALTHCHECK")[0]?.args ?? "";
    expect(healthcheck).toContain("/healthz");
    expect(jsonArgs(all("CMD").at(-1))).toEqual(["node", "build/app.js"]);
  });
});

describe("its runtime stage, carried out in a clean copy of the tree", () => {
  let emulator: RunningEmulator;
  let work: string;
  let app: AppProcess | null = null;
  let healthcheck: string[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "stagegate-image-"));
    const source = join(work, "source");
    const image = join(work, "app");
    // The tree as a fresh clone has it: tracked files, plus new ones not yet committed.
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter((f) => f && existsSync(join(ROOT, f)));
    for (const file of files) {
      await mkdir(dirname(join(source, file)), { recursive: true });
      await cp(join(ROOT, file), join(source, file));
    }
    // The build stage: its `npm ci` is this checkout's node_modules; its bundle is built from the copy.
    await buildApp(ROOT, source);
    expect(existsSync(join(source, "build/app.js"))).toBe(true);

    await mkdir(image, { recursive: true });
    for (const step of runtime) {
      if (step.op === "COPY") {
        const parts = step.args.split(/\s+/);
        const from = parts[0]?.startsWith("--from=") ? parts.shift() : undefined;
        const dest = parts.pop() ?? ".";
        for (const src of parts) {
          const origin = from ? join(source, src.replace(/^\/app\/?/, "")) : join(source, src);
          const target = dest.endsWith("/") ? join(image, dest, src.split("/").pop() ?? src) : join(image, dest);
          await cp(origin, target, { recursive: true });
        }
      } else if (step.op === "RUN") {
        // Offline from npm's cache: the lock file gets its tarball URLs (see npm-offline.ts).
        const lockFile = join(image, "package-lock.json");
        await writeFile(lockFile, JSON.stringify(withResolved(JSON.parse(await readFile(lockFile, "utf8")) as Lock)));
        const command = step.args.replace(/^(--\S+\s+)+/, "");
        await run("sh", ["-c", command], { cwd: image, env: { ...npmEnv(), npm_config_offline: "true", npm_config_loglevel: "error" } });
      }
    }
    healthcheck = jsonArgs({ op: "CMD", args: (all("HEALTHCHECK")[0]?.args ?? "").replace(/^.*?CMD\s+/, "") });

    emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
    emulator.addOrg("acme");
    emulator.addRepo("acme", "web", { files: { ".github/stagegate.yml": SETTINGS } });
    emulator.setRole(REPO, "ada", "admin");
    emulator.installApp({ account: "acme" });
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
    await emulator?.close();
    await rm(work, { recursive: true, force: true });
  });

  it("holds production dependencies only", () => {
    const modules = join(work, "app", "node_modules");
    expect(existsSync(join(modules, "probot"))).toBe(true);
    expect(existsSync(join(modules, "prom-client"))).toBe(true);
    for (const dev of ["tsx", "esbuild", "typescript", "vitest", "node"]) expect(existsSync(join(modules, dev)), dev).toBe(false);
  });

  it("starts with CMD, passes the HEALTHCHECK, answers signed webhooks and stops on SIGTERM", async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { PATH: npmEnv().PATH };
    for (const step of all("ENV")) {
      const [key = "", ...value] = step.args.split("=");
      env[key] = value.join("=");
    }
    Object.assign(env, appEnv(emulator, port));
    const [command, ...args] = jsonArgs(all("CMD").at(-1));
    expect(command).toBe("node");
    app = await startAppProcess({ args, cwd: join(work, "app"), env, port });
    emulator.setWebhookUrl(`${app.base}/api/github/webhooks`);

    const [hcCommand, ...hcArgs] = healthcheck;
    expect(hcCommand).toBe("node");
    await run(process.execPath, hcArgs, { env: { PORT: String(port) } });
    expect((await fetch(`${app.base}/readyz`)).status).toBe(200);

    const { value: tracking } = await emulator.as("ada").openIssue(REPO, { title: "Rollout: playlist-editor", body: "<!-- stagegate:rollout playlist-editor -->\n## Rollout\n", labels: ["stagegate"] });
    const { value: comment } = await emulator.as("ada").comment(REPO, tracking.number, "/help");
    await until("the App's answer", () => (comment.reactions.some((r) => r.content === "rocket") ? true : null), () => app?.output() ?? "");
    await until("the delivery's log line", () => app?.logLines().find((l) => l.msg === "delivery handled" && l.event === "issue_comment.created" && l.outcome === "ok") ?? null, () => app?.output() ?? "");

    expect(await app.stop()).toBe(0);
    app = null;
  }, 60_000);

  it("runs the admin command with node build/admin.js: it says the failed set is per process without REDIS_URL, and reads Redis's with it", async () => {
    const cwd = join(work, "app");
    const admin = (env: NodeJS.ProcessEnv) => run(process.execPath, ["build/admin.js", "failed"], { cwd, env: { PATH: npmEnv().PATH, NODE_ENV: "production", ...env } });
    const refused = await admin({}).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain("Without Redis the failed set is per process");

    const redis = await startRedis();
    try {
      const { stdout } = await admin({ REDIS_URL: redis.url, STAGEGATE_QUEUE_PREFIX: "image-test" });
      expect(stdout).toBe("no failed deliveries\n");
    } finally {
      await redis.close();
    }
  }, 60_000);
});
