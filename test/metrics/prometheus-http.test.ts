// The provider's HTTP behaviour against small loopback servers that play a Prometheus (or a
// proxy in front of one): what it sends, and how every kind of failure reaches the user.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { MetricRequest } from "../../core/decisions.js";
import { createPrometheusProvider, rangeStepMs } from "../../metrics/prometheus.js";

interface Seen {
  path: string;
  params: Record<string, string>;
  authorization: string | undefined;
}

const servers: Server[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    seen.push({ path: url.pathname, params: Object.fromEntries(url.searchParams), authorization: req.headers.authorization });
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  return { url: `http://127.0.0.1:${address.port}`, seen };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const okVector = json(200, { status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1795222800, "0.0005"] }] } });

const now = new Date("2026-11-21T01:00:00Z");
const instant: MetricRequest = { key: "error-rate", gate: "error-rate", query: "sum(rate(errors[5m]))", windowMs: null };
const hourly: MetricRequest = { key: "error-rate@1h", gate: "error-rate", query: "sum(rate(errors[5m]))", windowMs: 3_600_000 };

describe("what the provider asks", () => {
  it("asks an instant query at now and a range query over the window at the core's one-minute step", async () => {
    const server = await serve(okVector);
    const provider = createPrometheusProvider({ url: `${server.url}/prometheus` });
    await provider.observe([instant], now);
    expect(server.seen).toEqual([
      { path: "/prometheus/api/v1/query", params: { query: "sum(rate(errors[5m]))", time: "1795222800" }, authorization: undefined },
    ]);

    const range = await serve(json(200, { status: "success", data: { resultType: "matrix", result: [] } }));
    await createPrometheusProvider({ url: range.url }).observe([hourly], now);
    expect(range.seen[0]).toEqual({
      path: "/api/v1/query_range",
      params: { query: "sum(rate(errors[5m]))", start: "1795219200", end: "1795222800", step: "60" },
      authorization: undefined,
    });
  });

  it("widens the step only where Prometheus' 11,000-point limit needs it", () => {
    expect(rangeStepMs(3_600_000)).toBe(60_000);
    expect(rangeStepMs(7 * 86_400_000)).toBe(60_000);
    expect(rangeStepMs(14 * 86_400_000)).toBe(120_000);
    expect(rangeStepMs(30 * 86_400_000)).toBe(240_000);
  });

  it("sends a bearer token", async () => {
    const server = await serve(okVector);
    await createPrometheusProvider({ url: server.url, auth: { bearer: "s3cr3t-token" } }).observe([instant], now);
    expect(server.seen[0]?.authorization).toBe("Bearer s3cr3t-token");
  });

  it("sends basic auth, including credentials written into the URL, and never shows them", async () => {
    const server = await serve(okVector);
    await createPrometheusProvider({ url: server.url, auth: { username: "grafana", password: "pa:ss" } }).observe([instant], now);
    expect(server.seen[0]?.authorization).toBe(`Basic ${Buffer.from("grafana:pa:ss").toString("base64")}`);

    const inUrl = createPrometheusProvider({ url: server.url.replace("http://", "http://reader:hunter22@") });
    await inUrl.observe([instant], now);
    expect(server.seen[1]?.authorization).toBe(`Basic ${Buffer.from("reader:hunter22").toString("base64")}`);
    expect(inUrl.description).toBe(`Prometheus at ${server.url}`);
  });

  it("asks once when a gate and a rule need the same query and window", async () => {
    const server = await serve(okVector);
    const answers = await createPrometheusProvider({ url: server.url }).observe([instant, { ...instant, key: "again", gate: "again" }], now);
    expect(server.seen).toHaveLength(1);
    expect(answers.again).toEqual(answers["error-rate"]);
  });

  it("answers a gate without a query with an error that says what to do", async () => {
    const answers = await createPrometheusProvider({ url: "http://127.0.0.1:9" }).observe([{ ...instant, query: null }], now);
    expect(answers["error-rate"]?.error).toBe(
      "gate error-rate has no query; write one in the plan, or supply its values with the metrics-values input",
    );
  });
});

describe("failures become error observations", () => {
  it("names a rejected login, points at the inputs, and never repeats the token", async () => {
    const server = await serve(json(401, { status: "error", errorType: "unauthorized", error: "token s3cr3t-token is not valid" }));
    const answers = await createPrometheusProvider({ url: server.url, auth: { bearer: "s3cr3t-token" } }).observe([instant], now);
    expect(answers["error-rate"]).toEqual({
      samples: [],
      error: `Prometheus at ${server.url} answered HTTP 401 Unauthorized: unauthorized: token *** is not valid (check the metrics-token, or metrics-username and metrics-password, inputs)`,
    });
  });

  it("passes on Prometheus' reason for refusing a query", async () => {
    const server = await serve(json(503, { status: "error", errorType: "timeout", error: "query timed out in expression evaluation" }));
    const answers = await createPrometheusProvider({ url: server.url }).observe([instant], now);
    expect(answers["error-rate"]?.error).toBe(`Prometheus at ${server.url} answered HTTP 503 Service Unavailable: timeout: query timed out in expression evaluation`);
  });

  it("reports a proxy's HTML error page by its status", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body>Bad gateway</body></html>");
    });
    const answers = await createPrometheusProvider({ url: server.url }).observe([instant], now);
    expect(answers["error-rate"]?.error).toBe(`Prometheus at ${server.url} answered HTTP 502 Bad Gateway`);
  });

  it("refuses a 200 answer that is not JSON, such as a login page", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>Sign in</html>");
    });
    const answers = await createPrometheusProvider({ url: server.url }).observe([instant], now);
    expect(answers["error-rate"]?.error).toBe(`Prometheus at ${server.url} answered with something that is not JSON: <html>Sign in</html>`);
  });

  it("gives up on a request after its timeout", async () => {
    // The message proves the timeout ended it; the test's own timeout catches a hang.
    const server = await serve(() => undefined);
    const answers = await createPrometheusProvider({ url: server.url, requestTimeoutMs: 200 }).observe([instant], now);
    expect(answers["error-rate"]?.error).toBe(`Prometheus at ${server.url} did not answer within 0.2 s`);
  });

  it("stops every query when the run's budget is spent", async () => {
    const server = await serve(() => undefined);
    const requests = Array.from({ length: 6 }, (_, i) => ({ ...instant, key: `g${i}`, gate: `g${i}`, query: `q${i}` }));
    const answers = await createPrometheusProvider({ url: server.url, requestTimeoutMs: 10_000, budgetMs: 300, concurrency: 2 }).observe(requests, now);
    expect(Object.keys(answers).sort()).toEqual(requests.map((r) => r.key));
    for (const answer of Object.values(answers)) {
      expect(answer.error).toBe(`Prometheus at ${server.url} did not answer within the 0.3 s budget for all metric queries of this run`);
    }
  });

  it("says when the server cannot be reached", async () => {
    const server = await serve(okVector);
    const url = server.url;
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
    const answers = await createPrometheusProvider({ url }).observe([instant], now);
    expect(answers["error-rate"]?.error).toMatch(new RegExp(`^could not reach Prometheus at ${url}: .*ECONNREFUSED`));
  });
});
