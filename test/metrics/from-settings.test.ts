import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricRequest } from "../../core/decisions.js";
import { createMetricsProvider } from "../../metrics/from-settings.js";
import { parseSuppliedValues } from "../../metrics/supplied-values.js";

const now = new Date("2026-12-03T14:00:00Z");
const request: MetricRequest = { key: "error-rate", gate: "error-rate", query: "save_error_ratio", windowMs: null };
const none = { metrics: { prometheus: null } };

// A loopback stand-in for Prometheus that remembers the Authorization header it was sent.
let server: Server;
let url = "";
const authorizations: (string | undefined)[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [now.getTime() / 1000, "0.0004"] }] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = typeof address === "object" && address !== null ? `http://127.0.0.1:${address.port}` : "";
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const observe = async (provider: ReturnType<typeof createMetricsProvider>) => (await provider.observe([request], now))["error-rate"];

describe("choosing the metrics source", () => {
  it("with nothing configured, leaves every gate not evaluated", async () => {
    const provider = createMetricsProvider(none);
    expect(await provider.observe([request], now)).toEqual({});
    expect(provider.description).toBe("no metrics source configured (gates are not evaluated)");
  });

  it("queries the Prometheus of the settings with the token from the inputs", async () => {
    const provider = createMetricsProvider({ metrics: { prometheus: { url } } }, { token: "tok-123" });
    expect(await observe(provider)).toEqual({ samples: [{ at: now.getTime(), value: 0.0004 }], error: null });
    expect(authorizations.at(-1)).toBe("Bearer tok-123");
    expect(provider.description).toBe(`Prometheus at ${url} (bearer token)`);
  });

  it("uses basic auth when a user name and password are given", async () => {
    await observe(createMetricsProvider({ metrics: { prometheus: { url } } }, { username: "reader", password: "pw-456" }));
    expect(authorizations.at(-1)).toBe(`Basic ${Buffer.from("reader:pw-456").toString("base64")}`);
  });

  it("uses supplied values instead of Prometheus when they are given, as text or parsed", async () => {
    const fromText = createMetricsProvider({ metrics: { prometheus: { url } } }, { token: "tok-123", values: '{"error-rate": 0.02}' });
    const before = authorizations.length;
    expect(await observe(fromText)).toEqual({ samples: [{ at: now.getTime(), value: 0.02 }], error: null });
    expect(authorizations).toHaveLength(before);

    const parsed = parseSuppliedValues('{"error-rate": null}');
    if (!parsed.ok) throw new Error("valid values");
    expect(await observe(createMetricsProvider(none, { values: parsed.value }))).toEqual({ samples: [], error: null });
  });

  it("treats an empty metrics-values as not given", async () => {
    expect(await createMetricsProvider(none, { values: "  " }).observe([request], now)).toEqual({});
  });
});

describe("configuration mistakes reach every gate as errors", () => {
  it.each([
    [{ values: '{"error-rate": 0.1,}' }, none, /^metrics-values:1:20: not valid JSON/],
    [{ token: "t", username: "u", password: "p" }, { metrics: { prometheus: { url: "http://127.0.0.1:9" } } }, /use a bearer token or basic auth, not both/],
    [{ username: "u" }, { metrics: { prometheus: { url: "http://127.0.0.1:9" } } }, /^metrics-password is missing/],
    [{ password: "p" }, { metrics: { prometheus: { url: "http://127.0.0.1:9" } } }, /^metrics-username is missing/],
    [{ token: "t" }, none, /names no metrics\.prometheus\.url/],
    [{}, { metrics: { prometheus: { url: "prometheus.internal:9090" } } }, /must be http or https, not prometheus\.internal:/],
    [{}, { metrics: { prometheus: { url: "not a url" } } }, /is not a URL: "not a url"/],
  ])("%o with %o", async (inputs, settings, message) => {
    const observation = await observe(createMetricsProvider(settings, inputs));
    expect(observation?.samples).toEqual([]);
    expect(observation?.error).toMatch(message);
  });
});
