// The built Action on a runner behind a proxy: GitHub is reached over HTTPS through a CONNECT
// proxy named by HTTPS_PROXY, and directly when NO_PROXY names the host. Everything is on
// loopback: a TLS front (a certificate made for this test, trusted via NODE_EXTRA_CA_CERTS as a
// runner trusts a corporate one) forwards to the emulator, and the proxy tunnels to that front.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer as createHttpServer, request, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { rolloutsOutput } from "./harness.js";
import { findPrometheus, INSTALL_HINT, startPrometheus } from "../metrics/prometheus-harness.js";
import { PLAN_PATH, PLAN_YAML, SETTINGS_YAML, STATE_PATH, scenario, stateAt, stateYaml, type Scenario } from "./scenario.js";

let dir: string;
let certFile: string;
let front: Server | null = null;
let proxy: Server;
const tunnels: string[] = [];
let s: Scenario;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stagegate-proxy-"));
  certFile = join(dir, "cert.pem");
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, "key.pem"), "-out", certFile, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  } catch {
    throw new Error("this test makes its TLS certificate with `openssl` (Debian package: openssl)");
  }
  proxy = createHttpServer((_req, res) => res.writeHead(405).end("CONNECT only\n"));
  proxy.on("connect", (req, socket, head) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host ?? "", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await listen(proxy);
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  if (front) {
    front.closeAllConnections();
    await new Promise((resolve) => front?.close(resolve));
    front = null;
  }
  await s?.close();
  tunnels.length = 0;
});

/** The emulator behind HTTPS, as GitHub is. */
async function httpsEmulator(files: Record<string, string> = {}): Promise<string> {
  s = await scenario({ files: { [STATE_PATH]: stateYaml(stateAt("internal", "2026-11-30T14:00:00Z")), ...files } });
  const target = new URL(s.emulator.baseUrl);
  const server = createHttpsServer({ key: await readFile(join(dir, "key.pem")), cert: await readFile(certFile) }, (req, res) => {
    const forwarded = request({ host: target.hostname, port: target.port, method: req.method, path: `${target.pathname.replace(/\/$/, "")}${req.url ?? ""}`, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forwarded);
  });
  front = server;
  return `https://127.0.0.1:${await listen(server)}`;
}

const inputs = { now: "2026-12-01T15:00:00Z", "dry-run": "true", "metrics-values": JSON.stringify({ "error-rate": 0.001 }) };

it("reaches GitHub through the HTTPS_PROXY tunnel", async () => {
  const apiUrl = await httpsEmulator();
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const run = await s.run({ event: "schedule", apiUrl, inputs, env: { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: certFile } });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(rolloutsOutput(run)[0]).toMatchObject({ action: "promoted", stage: "ten" });
  expect(tunnels.length).toBeGreaterThan(0);
  expect(new Set(tunnels)).toEqual(new Set([new URL(apiUrl).host]));
});

it("goes straight to GitHub when NO_PROXY names the host", async () => {
  const apiUrl = await httpsEmulator();
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const run = await s.run({ event: "schedule", apiUrl, inputs, env: { HTTPS_PROXY: proxyUrl, NO_PROXY: "127.0.0.1", NODE_EXTRA_CA_CERTS: certFile } });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(rolloutsOutput(run)[0]).toMatchObject({ action: "promoted" });
  expect(tunnels).toEqual([]);
});

it("queries Prometheus through the proxy too", async () => {
  const binaries = findPrometheus();
  if ("missing" in binaries) throw new Error(`${binaries.missing.join(" and ")} not found. ${INSTALL_HINT}`);
  const prometheus = await startPrometheus(binaries, "# TYPE stagegate_proxy_probe gauge\nstagegate_proxy_probe 0.001 1764000000\n# EOF\n");
  try {
    const plan = PLAN_YAML.replace("- { name: error-rate, below: 0.01 }", "- { name: error-rate, query: stagegate_proxy_probe, below: 0.01 }");
    expect(plan).not.toBe(PLAN_YAML);
    const apiUrl = await httpsEmulator({ [PLAN_PATH]: plan, ".github/stagegate.yml": `${SETTINGS_YAML}metrics:\n  prometheus: { url: "${prometheus.url}" }\n` });
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const run = await s.run({ event: "schedule", apiUrl, inputs: { now: "2026-12-01T15:00:00Z", "dry-run": "true" }, env: { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: certFile } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(new Set(tunnels)).toEqual(new Set([new URL(apiUrl).host, new URL(prometheus.url).host]));
  } finally {
    await prometheus.stop();
  }
});
