// The web provider through the real OpenFeature web SDK: a static context, synchronous evaluations.
import { OpenFeature, ProviderEvents } from "@openfeature/web-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { objectSource } from "../../../sdk/flags/sources/object-source.js";
import { StagegateWebProvider } from "../../../sdk/flags/web-provider.js";
import { IN_AT_10, OUT_AT_25, planText, stateText } from "./fixtures.js";

afterEach(async () => {
  await OpenFeature.close();
});

describe("StagegateWebProvider (browser)", () => {
  it("evaluates the page's context synchronously, and follows a promotion and a rollback", async () => {
    const source = objectSource({ state: stateText(), plan: planText });
    await OpenFeature.setContext({ targetingKey: IN_AT_10 });
    await OpenFeature.setProviderAndWait(new StagegateWebProvider({ sources: source }));
    const client = OpenFeature.getClient();
    expect(client.getBooleanDetails("playlist-editor", false)).toMatchObject({ value: true, reason: "SPLIT", flagMetadata: { stage: "ten", percent: 10, status: "progressing" } });

    await OpenFeature.setContext({ targetingKey: OUT_AT_25 });
    expect(client.getBooleanValue("playlist-editor", false)).toBe(false);
    await OpenFeature.setContext({ targetingKey: OUT_AT_25, audience: ["internal"] });
    expect(client.getBooleanDetails("playlist-editor", false)).toMatchObject({ value: true, reason: "TARGETING_MATCH" });

    const changed = new Promise<unknown>((resolve) => client.addHandler(ProviderEvents.ConfigurationChanged, resolve));
    source.update({ state: stateText({ stage: "internal", percent: 0, status: "rolled-back" }), plan: planText });
    await changed;
    await OpenFeature.setContext({ targetingKey: IN_AT_10 });
    expect(client.getBooleanDetails("playlist-editor", false)).toMatchObject({ value: false, flagMetadata: { status: "rolled-back" } });
  });

  it("says TARGETING_KEY_MISSING for a page without a user", async () => {
    await OpenFeature.setContext({});
    await OpenFeature.setProviderAndWait(new StagegateWebProvider({ sources: objectSource({ state: stateText(), plan: planText }) }));
    expect(OpenFeature.getClient().getBooleanDetails("playlist-editor", false)).toMatchObject({ value: false, errorCode: "TARGETING_KEY_MISSING" });
  });
});
