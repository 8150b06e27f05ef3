// The Action's fetch over node:http: what Octokit reads of a response, redirects as fetch follows
// them, and a real Octokit call through it.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConnections, httpFetch } from "../../action/http-fetch.js";
import { createActionOctokit } from "../../action/octokit.js";

let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void body(req).then((text) => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization, body: text });
      if (req.url === "/moved") return res.writeHead(301, { location: "/repos/acme/web" }).end();
      if (req.url === "/see-other") return res.writeHead(303, { location: "/echo" }).end();
      if (req.url === "/stall") return; // never answers: the client's timeout must end the wait
      if (req.url === "/missing") return res.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "x-ratelimit-used": "7" }).end(JSON.stringify({ method: req.method, url: req.url, body: text, default_branch: "main" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  closeConnections();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("httpFetch", () => {
  it("answers with status, iterable headers, and the body as text or JSON", async () => {
    const response = await httpFetch(`${base}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(response.status).toBe(200);
    expect(response.headers.get("X-RateLimit-Used")).toBe("7");
    expect(Object.fromEntries(response.headers)).toMatchObject({ "x-ratelimit-used": "7" });
    expect(await response.json()).toMatchObject({ method: "POST", body: '{"a":1}' });
  });

  it("follows a redirect as fetch does: 301 keeps a GET, 303 turns a POST into a GET without its body", async () => {
    expect(await (await httpFetch(`${base}/moved`, { headers: { authorization: "token t" } })).json()).toMatchObject({ url: "/repos/acme/web" });
    expect(seen.at(-1)?.auth).toBe("token t");
    expect(await (await httpFetch(`${base}/see-other`, { method: "POST", body: "x" })).json()).toMatchObject({ method: "GET", body: "" });
  });

  it("serves Octokit: data on success, a RequestError with the status on failure", async () => {
    const octokit = createActionOctokit({ token: "t", baseUrl: base, log: () => {}, retryBaseMs: 1 });
    const { data } = await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "web" });
    expect(data.default_branch).toBe("main");
    await expect(octokit.request("GET /missing")).rejects.toMatchObject({ status: 404 });
  });

  it("fails a request that gets no answer with an error naming the request and what to check", async () => {
    await expect(httpFetch(`${base}/stall`, { timeoutMs: 50 })).rejects.toThrow(/^GET http:\/\/127\.0\.0\.1:\d+\/stall got no answer within 0\.05 s: check the network, or HTTPS_PROXY \/ NO_PROXY/);
    const octokit = createActionOctokit({ token: "t", baseUrl: base, log: () => {}, retryBaseMs: 1, timeoutMs: 50 });
    await expect(octokit.request("GET /stall")).rejects.toThrow(/got no answer within 0\.05 s/);
  });
});
