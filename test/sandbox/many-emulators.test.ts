// Several emulators in one process (the end-to-end suites run more than one world): their Apps
// must never share an app id or an installation id, or Octokit's process-wide token cache would
// hand one App the other's installation token.
import { afterEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

it("numbers apps and installations apart in every emulator of a process", async () => {
  const a = await startEmulator();
  const b = await startEmulator();
  running.push(a, b);
  const ia = a.installApp({ account: "acme" });
  const ib = b.installApp({ account: "acme" });
  expect(a.app.id).not.toBe(b.app.id);
  expect(ia.id).not.toBe(ib.id);
});
