// Waiting for a real server (Redis, an App process) to reach a state that the test cannot be told
// about: asks again and again, a bounded number of times. The outcome never depends on how fast
// the machine is, only how long the wait may take does.

/** Polls until `probe` is true, a bounded number of times. */
export async function eventually(what: string, probe: () => Promise<boolean> | boolean, tries = 1_500, everyMs = 20): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}
