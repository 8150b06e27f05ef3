// Start-up configuration: where the App listens and which GitHub it talks to, and the `.env`
// file registration writes and the next start reads.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { publicWebhookUrl, readAppConfig } from "../../app/config.js";
import { updateEnvFile } from "../../app/env-file.js";

describe("readAppConfig", () => {
  it("listens on every interface in production and on loopback elsewhere", () => {
    expect(readAppConfig({ NODE_ENV: "production" })).toMatchObject({ host: "0.0.0.0", port: 3000, production: true });
    expect(readAppConfig({})).toMatchObject({ host: "127.0.0.1", production: false });
    expect(readAppConfig({ HOST: "::", PORT: "8080" })).toMatchObject({ host: "::", port: 8080 });
  });

  it("talks to github.com, GitHub Enterprise Server, or any API named by GITHUB_API_URL", () => {
    expect(readAppConfig({})).toMatchObject({ apiUrl: "https://api.github.com", webUrl: "https://github.com" });
    expect(readAppConfig({ GHE_HOST: "git.acme.test" })).toMatchObject({ apiUrl: "https://git.acme.test/api/v3", webUrl: "https://git.acme.test" });
    expect(readAppConfig({ GHE_HOST: "git.acme.test", GITHUB_API_URL: "http://127.0.0.1:9/" }).apiUrl).toBe("http://127.0.0.1:9");
  });

  it("registers the webhook URL as the proxy channel, else the public URL with the webhook path", () => {
    expect(publicWebhookUrl(readAppConfig({ PUBLIC_URL: "https://stagegate.acme.test/" }), "http://127.0.0.1:3000")).toBe("https://stagegate.acme.test/api/github/webhooks");
    expect(publicWebhookUrl(readAppConfig({ PUBLIC_URL: "https://x.test", WEBHOOK_PROXY_URL: "https://smee.io/abc" }), "http://127.0.0.1:3000")).toBe("https://smee.io/abc");
    expect(publicWebhookUrl(readAppConfig({ WEBHOOK_PATH: "/hooks" }), "http://localhost:3000")).toBe("http://localhost:3000/hooks");
  });

  it("has credentials only with an id and a key", () => {
    expect(readAppConfig({ APP_ID: "1" }).hasCredentials).toBe(false);
    expect(readAppConfig({ APP_ID: "1", PRIVATE_KEY_PATH: "k.pem" }).hasCredentials).toBe(true);
  });
});

describe("updateEnvFile", () => {
  it("keeps the file's other variables and writes a multi-line key that Node reads back intact", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stagegate-env-"));
    const file = join(dir, ".env");
    await writeFile(file, "WEBHOOK_PROXY_URL=https://smee.io/abc\nAPP_ID=1\n");
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n";
    await updateEnvFile(file, { APP_ID: "42", PRIVATE_KEY: pem });
    expect(parseEnv(await readFile(file, "utf8"))).toEqual({ WEBHOOK_PROXY_URL: "https://smee.io/abc", APP_ID: "42", PRIVATE_KEY: pem });
    await rm(dir, { recursive: true, force: true });
  });
});
