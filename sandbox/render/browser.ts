// Debian's Chromium, headless, driven over the DevTools protocol by puppeteer-core. Nothing here
// downloads a browser: the executable is the one `apt-get install chromium` puts on the PATH
// (.ci/run installs it), and a missing one is an error that says so.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why the browser cannot start here, in words a person can act on; null when it can. */
export function chromiumMissing(path = CHROMIUM): string | null {
  return existsSync(path) ? null : `Chromium is not installed at ${path}: install Debian's \`chromium\` package (sudo apt-get install chromium), as .ci/run does, or point CHROMIUM_PATH at a Chromium binary.`;
}

export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** A fresh headless Chromium with its own profile folder, removed again on close. */
export async function launchChromium(): Promise<RunningBrowser> {
  const missing = chromiumMissing();
  if (missing !== null) throw new Error(missing);
  const profile = await mkdtemp(join(tmpdir(), "stagegate-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Loopback-free: every page is set from a string, so the browser needs no network at all.
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`],
    userDataDir: profile,
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
