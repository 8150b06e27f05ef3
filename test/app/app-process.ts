// The App as a real process, for the tests that start it the way an administrator does: wait for
// it to listen, read its output, stop it with SIGTERM and see how it exits.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../free-port.js";
export { freePort };

/** The variables that point an App process at the emulator's App, listening on loopback at `port`. */
export function appEnv(emulator: { app: { id: number; privateKey: string; webhookSecret: string }; baseUrl: string }, port: number): NodeJS.ProcessEnv {
  return {
    APP_ID: String(emulator.app.id),
    PRIVATE_KEY: emulator.app.privateKey,
    WEBHOOK_SECRET: emulator.app.webhookSecret,
    GITHUB_API_URL: emulator.baseUrl,
    PORT: String(port),
    // Loopback only in tests and the bench (an image listens on 0.0.0.0 under NODE_ENV=production).
    HOST: "127.0.0.1",
  };
}

export interface AppProcess {
  base: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Its stdout's JSON lines (Probot's pino), parsed. */
  logLines(): Array<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function until<T>(what: string, probe: () => Promise<T | null> | T | null, describe: () => string = () => "", timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `node <args>` and waits until `GET /healthz` answers on `port`. */
export async function startAppProcess(options: { args: string[]; cwd?: string; env: NodeJS.ProcessEnv; port: number; node?: string }): Promise<AppProcess> {
  const child = spawn(options.node ?? process.execPath, options.args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const base = `http://127.0.0.1:${options.port}`;
  const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
  await until(
    "the App to listen",
    async () => {
      if (child.exitCode !== null) throw new Error(`the App exited with ${child.exitCode}\n${output()}`);
      return (await fetch(`${base}/healthz`).catch(() => null))?.ok ? true : null;
    },
    output,
  );
  return {
    base,
    child,
    output,
    logLines: () =>
      stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
