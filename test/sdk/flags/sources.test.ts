// The sources a provider reads from: files on disk (watched), GitHub's contents API (polled
// with conditional requests) and the caller's object. Nothing waits on a clock: file changes
// are awaited as events, polls are triggered with refresh().
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenFeature, ProviderEvents, ProviderStatus } from "@openfeature/server-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../sandbox/github-emulator/index.js";
import { StagegateProvider } from "../../../sdk/flags/server-provider.js";
import { fileSource } from "../../../sdk/flags/sources/file-source.js";
import { githubSource } from "../../../sdk/flags/sources/github-source.js";
import { IN_AT_10, OUT_AT_25, PLAN_PATH, planText, STATE_PATH, stateText } from "./fixtures.js";

afterEach(async () => {
  await OpenFeature.close();
});

let domain = 0;
async function serve(provider: StagegateProvider) {
  const name = `sources-${++domain}`;
  await OpenFeature.setProviderAndWait(name, provider);
  return OpenFeature.getClient(name);
}

describe("fileSource", () => {
  const dir = mkdtempSync(join(tmpdir(), "stagegate-flags-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the state and plan from disk and follows a file replaced by rename, as git writes it", async () => {
    const state = join(dir, "playlist-editor.yml");
    writeFileSync(state, stateText());
    // The plan's file name is its rollout's name, so it lives in a folder of its own here.
    const planDir = mkdtempSync(join(dir, "plans-"));
    writeFileSync(join(planDir, "playlist-editor.yml"), planText);
    const client = await serve(new StagegateProvider({ sources: fileSource({ state, plan: join(planDir, "playlist-editor.yml") }) }));
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: IN_AT_10 })).toBe(true);
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: OUT_AT_25, audience: "beta" })).toBe(true);

    const changed = new Promise<unknown>((resolve) => client.addHandler(ProviderEvents.ConfigurationChanged, resolve));
    writeFileSync(`${state}.tmp`, stateText({ stage: "internal", percent: 0, status: "rolled-back" }));
    renameSync(`${state}.tmp`, state);
    await changed;
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: IN_AT_10 })).toBe(false);
  });

  it("is stale, not off, when the file goes away", async () => {
    const state = join(dir, "gone.yml");
    writeFileSync(state, stateText());
    const provider = new StagegateProvider({ sources: fileSource({ state }) });
    const client = await serve(provider);
    const stale = new Promise<{ message?: string } | undefined>((resolve) => client.addHandler(ProviderEvents.Stale, resolve));
    rmSync(state);
    expect((await stale)?.message).toMatch(/could not read .*gone\.yml/);
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: IN_AT_10 })).toBe(true);
  });
});

describe("githubSource against the emulator", () => {
  let gh: RunningEmulator;
  let token: string;
  beforeAll(async () => {
    gh = await startEmulator({ now: "2026-12-01T09:00:00Z" });
    gh.addOrg("acme");
    gh.addRepo("acme", "web", { files: { [PLAN_PATH]: planText, [STATE_PATH]: stateText() } });
    token = gh.createUserToken("reader");
    gh.setRole("acme/web", "reader", "read");
    gh.setRole("acme/web", "octo", "write");
  });
  afterAll(() => gh.close());

  const options = () => ({ repository: "acme/web", path: STATE_PATH, token, apiUrl: gh.baseUrl });

  it("polls with conditional requests: an unchanged file is a 304 and costs nothing against the rate limit", async () => {
    const source = githubSource(options());
    const provider = new StagegateProvider({ sources: source });
    const client = await serve(provider);
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: OUT_AT_25, audience: "beta" })).toBe(true);
    const used = await rateLimitUsed(gh, token);
    const before = gh.requests.count({ actor: "user:reader" });
    await provider.flags.refresh();
    await provider.flags.refresh();
    expect(gh.requests.count({ actor: "user:reader" }) - before).toBe(2);
    expect(source.requests.notModified).toBe(2);
    expect(await rateLimitUsed(gh, token)).toBe(used + 1); // the probe itself, nothing for the polls

    const changed = new Promise<unknown>((resolve) => client.addHandler(ProviderEvents.ConfigurationChanged, resolve));
    await gh.as("octo").push("acme/web", "main", { [STATE_PATH]: stateText({ stage: "internal", percent: 0, status: "rolled-back" }) }, "Roll back");
    await provider.flags.refresh();
    await changed;
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: IN_AT_10 })).toBe(false);
  });

  it("keeps the last good state through a failed poll and says it is stale, then is ready again", async () => {
    await gh.as("octo").push("acme/web", "main", { [STATE_PATH]: stateText() }, "Promote");
    const provider = new StagegateProvider({ sources: githubSource(options()) });
    const client = await serve(provider);
    const fault = gh.faults.inject({ route: "repos/get-content", status: 502, times: 1 });
    const stale = new Promise<unknown>((resolve) => client.addHandler(ProviderEvents.Stale, resolve));
    await provider.flags.refresh();
    await stale;
    expect(fault.hits).toBe(1);
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: IN_AT_10 })).toBe(true);
    await provider.flags.refresh();
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it("makes no network call to evaluate", async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const provider = new StagegateProvider({ sources: githubSource({ ...options(), fetch: counting }) });
    const client = await serve(provider);
    const afterStart = calls;
    for (let i = 0; i < 10_000; i++) await client.getBooleanValue("playlist-editor", false, { targetingKey: `user-${i}` });
    expect(calls).toBe(afterStart);
  });
});

async function rateLimitUsed(gh: RunningEmulator, token: string): Promise<number> {
  const response = await fetch(`${gh.baseUrl}/repos/acme/web`, { headers: { authorization: `Bearer ${token}` } });
  return Number(response.headers.get("x-ratelimit-used"));
}
