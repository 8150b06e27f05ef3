// The server provider through the real OpenFeature server SDK.
import { OpenFeature, ProviderEvents, ProviderStatus, type EventDetails } from "@openfeature/server-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { StagegateProvider } from "../../../sdk/flags/server-provider.js";
import { objectSource } from "../../../sdk/flags/sources/object-source.js";
import { IN_AT_10, OUT_AT_25, planText, stateText } from "./fixtures.js";

let domain = 0;
async function serve(provider: StagegateProvider) {
  const name = `server-${++domain}`;
  await OpenFeature.setProviderAndWait(name, provider);
  return OpenFeature.getClient(name);
}

afterEach(async () => {
  await OpenFeature.close();
});

describe("StagegateProvider (server)", () => {
  it("decides per user with reasons, variants and the stage, percent and status as flagMetadata", async () => {
    const client = await serve(new StagegateProvider({ sources: objectSource({ state: stateText(), plan: planText }) }));
    const inside = await client.getBooleanDetails("playlist-editor", false, { targetingKey: IN_AT_10 });
    expect(inside).toMatchObject({ value: true, reason: "SPLIT", variant: "on", flagMetadata: { stage: "ten", percent: 10, status: "progressing" } });
    expect(await client.getBooleanDetails("playlist-editor", false, { targetingKey: OUT_AT_25 })).toMatchObject({ value: false, reason: "SPLIT", variant: "off" });
    expect(await client.getBooleanDetails("playlist-editor", false, { targetingKey: OUT_AT_25, audience: "beta" })).toMatchObject({ value: true, reason: "TARGETING_MATCH" });
  });

  it("answers TARGETING_KEY_MISSING without a key, never a random bucket", async () => {
    const client = await serve(new StagegateProvider({ sources: objectSource({ state: stateText(), plan: planText }) }));
    const details = await client.getBooleanDetails("playlist-editor", false, {});
    expect(details).toMatchObject({ value: false, reason: "ERROR", errorCode: "TARGETING_KEY_MISSING" });
  });

  it("serves STATIC when complete, DISABLED before the start, and FLAG_NOT_FOUND / TYPE_MISMATCH for what it does not serve", async () => {
    const source = objectSource({ state: stateText({ stage: "full", percent: 100, status: "complete" }), plan: planText });
    const client = await serve(new StagegateProvider({ sources: source }));
    expect(await client.getBooleanDetails("playlist-editor", false, {})).toMatchObject({ value: true, reason: "STATIC" });
    source.update({ state: stateText({ stage: "internal", percent: 0, status: "awaiting-signoff" }), plan: planText });
    expect(await client.getBooleanDetails("playlist-editor", true, { targetingKey: "u", audience: "internal" })).toMatchObject({ value: false, reason: "DISABLED" });
    expect(await client.getBooleanDetails("search", false, { targetingKey: "u" })).toMatchObject({ value: false, errorCode: "FLAG_NOT_FOUND" });
    expect(await client.getStringDetails("playlist-editor", "x", { targetingKey: "u" })).toMatchObject({ value: "x", errorCode: "TYPE_MISMATCH" });
  });

  it("announces a changed state with PROVIDER_CONFIGURATION_CHANGED, and a rollback switches the split off", async () => {
    const source = objectSource({ state: stateText({ stage: "quarter", percent: 25 }), plan: planText });
    const client = await serve(new StagegateProvider({ sources: source }));
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: IN_AT_10 })).toBe(true);
    const changed = new Promise<EventDetails | undefined>((resolve) => client.addHandler(ProviderEvents.ConfigurationChanged, resolve));
    source.update({ state: stateText({ stage: "internal", percent: 0, status: "rolled-back" }), plan: planText });
    expect((await changed)?.flagsChanged).toEqual(["playlist-editor"]);
    expect(await client.getBooleanDetails("playlist-editor", false, { targetingKey: IN_AT_10 })).toMatchObject({ value: false, reason: "SPLIT", flagMetadata: { status: "rolled-back", percent: 0 } });
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: IN_AT_10, audience: "internal" })).toBe(true);
  });

  it("keeps serving the last good state on an invalid file, with PROVIDER_ERROR, and is ready again once it is fixed", async () => {
    const source = objectSource({ state: stateText(), plan: planText });
    const client = await serve(new StagegateProvider({ sources: source }));
    const error = new Promise<EventDetails | undefined>((resolve) => client.addHandler(ProviderEvents.Error, resolve));
    source.update({ state: "rollout: playlist-editor\npercent: lots\n", plan: planText });
    expect((await error)?.message).toMatch(/state:\d+:\d+: /);
    expect(await client.getBooleanValue("playlist-editor", false, { targetingKey: IN_AT_10 })).toBe(true);
    const ready = new Promise<unknown>((resolve) => client.addHandler(ProviderEvents.Ready, resolve));
    source.update({ state: stateText({ percent: 10 }), plan: planText });
    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it("starts in error, serving no one, when the first state cannot be read", async () => {
    const provider = new StagegateProvider({ sources: objectSource({ state: "not: [a state", plan: planText }) });
    await expect(OpenFeature.setProviderAndWait("broken", provider)).rejects.toBeDefined();
    const details = await OpenFeature.getClient("broken").getBooleanDetails("playlist-editor", false, { targetingKey: IN_AT_10 });
    expect(details.value).toBe(false);
    expect(details.reason).toBe("ERROR");
  });
});
