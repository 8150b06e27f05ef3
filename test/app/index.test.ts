// Which deliveries reach the handlers (app/index.ts): the App's identity looked up once and again
// after a failure, Re-run on checks that are not stagegate's, the App's own edits, and a
// delivery that failed being worked again when GitHub redelivers it.
import { afterEach, beforeEach, expect, it } from "vitest";
import { RecentSet } from "../../app/recent-set.js";
import type { Delivery } from "../../sandbox/github-emulator/index.js";
import { anotherAppInstance, REPO, startAppWorld, startRollout, stateOnMain, trackingIssue, type AppWorld } from "./harness.js";

let w: AppWorld;

beforeEach(async () => {
  w = await startAppWorld();
  await startRollout(w);
  // From here on the test hands each delivery to the App itself.
  w.emulator.setWebhookUrl(null);
});

afterEach(() => w.close());

const last = (event: string, action: string) => w.emulator.webhooks.deliveries({ event, action }).at(-1) as Delivery;

it("works a delivery again when GitHub redelivers it after a failure, and looks the App up again", async () => {
  // A freshly started App, which has not looked itself up yet.
  const app = await anotherAppInstance(w);
  const issue = trackingIssue(w);
  await w.emulator.as("quinn").tick(REPO, issue.number, "exit/internal/no-critical-bugs");
  const tick = last("issues", "edited");
  const before = stateOnMain(w).approvals.length;

  // GitHub fails the App's lookup of itself once: the delivery fails, and nothing is remembered.
  const fault = w.emulator.faults.inject({ route: "GET /app", status: 502, times: 1 });
  await expect(app.receive(tick)).rejects.toThrow();
  expect(fault.hits).toBe(1);
  expect(stateOnMain(w).approvals).toHaveLength(before);

  // The redelivery (same id) is worked, and the lookup is then kept for the next deliveries.
  await app.receive(tick);
  expect(stateOnMain(w).approvals).toHaveLength(before + 1);
  const lookups = () => w.emulator.requests.all({ method: "GET" }).filter((r) => r.url.endsWith("/app")).length;
  const looked = lookups();
  await app.receive({ ...tick, id: "another-delivery" });
  expect(lookups()).toBe(looked);
});

it("ignores Re-run on a check that is not stagegate's, and the App's own edits reported as a user's", async () => {
  const issue = trackingIssue(w);
  const opened = w.emulator.webhooks.deliveries({ event: "pull_request", action: "opened" }).at(-1)?.payload as Record<string, unknown>;
  w.emulator.requests.reset();
  const rerun = (id: string, check: object) =>
    w.receive({ id, event: "check_run", payload: { action: "rerequested", check_run: { name: "stagegate / plan", head_sha: "0".repeat(40), app: { id: w.emulator.app.id }, pull_requests: [{ number: 1 }], ...check }, repository: opened.repository, installation: opened.installation, sender: opened.sender } } as unknown as Delivery);
  await rerun("rerun-other-app", { app: { id: w.emulator.app.id + 1000 } });
  await rerun("rerun-ci", { name: "ci / test" });
  // The App knew itself already: nothing was read or written.
  expect(w.emulator.requests.count()).toBe(0);

  await w.emulator.as("quinn").tick(REPO, issue.number, "exit/internal/no-critical-bugs");
  const tick = last("issues", "edited");
  const payload = tick.payload as { sender: Record<string, unknown> };
  w.emulator.requests.reset();
  await w.receive({ ...tick, id: "own-edit", payload: { ...payload, sender: { ...payload.sender, login: w.emulator.app.botLogin.toUpperCase(), type: "User" } } });
  // Not a tick to verify, nor one to revert: nothing is read or written.
  expect(w.emulator.requests.count()).toBe(0);

  // Nor for an ordinary issue's checklist, received however it came (a workflow run, a replay).
  const { value: bug } = await w.emulator.as("pam").openIssue(REPO, { title: "Save button misaligned", body: "- [ ] open the editor\n" });
  await w.emulator.as("pam").editIssueBody(REPO, bug.number, "- [x] open the editor\n");
  w.emulator.requests.reset();
  await w.receive(last("issues", "edited"));
  expect(w.emulator.requests.count()).toBe(0);
});

it("remembers recent deliveries up to its capacity, forgetting the oldest first", () => {
  const recent = new RecentSet(2);
  expect([recent.add("a"), recent.add("b"), recent.add("a")]).toEqual([true, true, false]);
  expect(recent.add("c")).toBe(true);
  expect([recent.add("a"), recent.add("c")]).toEqual([true, false]);
});
