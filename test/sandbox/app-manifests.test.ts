// GitHub's manifest flow on the emulator: a manifest confirmed on the "Create GitHub App" page
// gives a one-time code; `POST /app-manifests/{code}/conversions`, without authentication,
// turns it into the new App's credentials, and the App can then authenticate as itself.
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../sandbox/github-emulator/index.js";
import { QUIET_LOG } from "../../sandbox/github-emulator/probot.js";

let gh: RunningEmulator;
let anonymous: Octokit;

const MANIFEST = {
  name: "Rollout Helper",
  url: "https://example.test",
  hook_attributes: { url: "https://hooks.example.test/api/github/webhooks" },
  redirect_url: "https://hooks.example.test/probot/setup",
  default_permissions: { issues: "write", metadata: "read" },
  default_events: ["issues"],
};

beforeEach(async () => {
  gh = await startEmulator({ checkResponses: true });
  anonymous = new Octokit({ baseUrl: gh.baseUrl, log: QUIET_LOG });
});
afterEach(() => gh.close());

it("exchanges a code once for an App with the manifest's permissions, events and webhook URL", async () => {
  const { code, redirectUrl } = gh.submitManifest(MANIFEST, { owner: "ada" });
  expect(redirectUrl).toBe(`https://hooks.example.test/probot/setup?code=${code}`);
  const { status, data } = await anonymous.rest.apps.createFromManifest({ code });
  expect(status).toBe(201);
  expect(data).toMatchObject({ slug: "rollout-helper", name: "Rollout Helper", owner: { login: "ada" }, permissions: MANIFEST.default_permissions, events: ["issues"] });
  expect(data.pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
  expect(data.webhook_secret).toMatch(/^[0-9a-f]{40}$/);
  expect(gh.state.apps.get(data.id)?.webhookUrl).toBe("https://hooks.example.test/api/github/webhooks");
  expect(gh.requests.nonConformingResponses()).toEqual([]);
  expect(gh.requests.violations()).toEqual([]);

  await expect(anonymous.rest.apps.createFromManifest({ code })).rejects.toMatchObject({ status: 404 });
});

it("installs the new App with the permissions it asked for", async () => {
  const { code } = gh.submitManifest(MANIFEST);
  const { data } = await anonymous.rest.apps.createFromManifest({ code });
  expect(gh.installApp({ account: "acme", appId: data.id }).permissions).toEqual(MANIFEST.default_permissions);
});

it("refuses a manifest GitHub's page would refuse", () => {
  expect(() => gh.submitManifest({ ...MANIFEST, name: "stagegate" })).toThrow('GitHub would not accept this manifest: name "stagegate" is already taken');
  expect(() => gh.submitManifest({ ...MANIFEST, hook_attributes: { url: "ftp://x" } })).toThrow("hook_attributes.url must be an http(s) URL");
  expect(() => gh.submitManifest({ ...MANIFEST, default_permissions: { issues: "admin" } })).toThrow("default_permissions.issues must be read or write");
});

it("still needs authentication everywhere else", async () => {
  await expect(anonymous.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
});
