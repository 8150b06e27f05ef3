// The `.env` file Probot's tooling and the registration write: read before anything else at
// start-up (variables already set win), and merged into when the App is registered.
import { existsSync, readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { parseEnv } from "node:util";

/** Adds the file's variables to `env` (process.env in `npm run app`), if it exists; variables already set are kept. */
export function loadEnvFile(path: string, env: NodeJS.ProcessEnv): void {
  if (!existsSync(path)) return;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, "utf8")))) if (env[name] === undefined) env[name] = value;
}

function quote(value: string): string {
  // Node's .env parser turns `\n` back into a newline inside double quotes (a PEM key).
  return /[\n"'#\s]/.test(value) ? `"${value.replace(/\n/g, "\\n")}"` : value;
}

/** Writes `values` into the file, keeping its other variables; readable by its owner only. */
export async function updateEnvFile(path: string, values: Record<string, string>): Promise<void> {
  const existing = existsSync(path) ? parseEnv(await readFile(path, "utf8")) : {};
  const merged: Record<string, string> = { ...(existing as Record<string, string>), ...values };
  const text = Object.entries(merged)
    .map(([key, value]) => `${key}=${quote(value)}`)
    .join("\n");
  await writeFile(path, `${text}\n`, { mode: 0o600 });
}
