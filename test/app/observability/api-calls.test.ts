// The App's GitHub calls on /metrics: by route template and status (0 when GitHub never
// answered), and the rate limit left as GitHub last reported it, against the emulator.
import { Octokit } from "@octokit/core";
import { Registry } from "prom-client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { countApiCalls } from "../../../app/observability/api-calls.js";
import { createAppMetrics, type AppMetrics } from "../../../app/observability/metrics.js";
import { startEmulator, type RunningEmulator } from "../../../sandbox/github-emulator/index.js";
import { freePort } from "../../free-port.js";

let emulator: RunningEmulator;
let metrics: AppMetrics;
let github: Octokit;

beforeAll(async () => {
  emulator = await startEmulator({ now: "2026-11-30T14:00:00Z" });
  emulator.addOrg("acme");
  emulator.addRepo("acme", "web", { files: { "README.md": "# web\n" } });
  const installation = emulator.installApp({ account: "acme" });
  metrics = createAppMetrics(new Registry());
  github = new (Octokit.plugin(countApiCalls(metrics)))({ baseUrl: emulator.baseUrl, auth: emulator.createInstallationToken(installation.id) });
});

afterAll(() => emulator.close());

const calls = async () => (await metrics.apiCalls.get()).values.map((v) => [v.labels.route, v.labels.status, v.value]);
const remaining = async () => Object.fromEntries((await metrics.rateLimitRemaining.get()).values.map((v) => [v.labels.resource, v.value]));

it("counts each call by route template and status, and keeps the rate limit GitHub last reported", async () => {
  await github.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "acme", repo: "web", path: "README.md" });
  await github.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "acme", repo: "web", path: "README.md" });
  await expect(github.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "acme", repo: "web", path: "missing.md" })).rejects.toMatchObject({ status: 404 });
  expect(await calls()).toEqual([
    ["GET /repos/{owner}/{repo}/contents/{path}", "200", 2],
    ["GET /repos/{owner}/{repo}/contents/{path}", "404", 1],
  ]);
  const core = (await remaining()).core;
  expect(core).toBeGreaterThan(0);

  // A 429: nothing left.
  const fault = emulator.faults.inject({ route: "GET /repos/{owner}/{repo}", status: 429, times: 1 });
  await expect(github.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "web" })).rejects.toMatchObject({ status: 429 });
  fault.remove();
  expect(await remaining()).toEqual({ core: 0 });
});

it("counts a call GitHub never answered as status 0", async () => {
  const offline = new (Octokit.plugin(countApiCalls(metrics)))({ baseUrl: `http://127.0.0.1:${await freePort()}` });
  await expect(offline.request("GET /app")).rejects.toThrow();
  expect(await calls()).toContainEqual(["GET /app", "0", 1]);
});
