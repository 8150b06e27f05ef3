// Which rollout a delivery works on (the queue's serialization key), and which failures are worth
// another try.
import { describe, expect, it } from "vitest";
import { isTransient, reasonOf, rolloutKey } from "../../../app/queue/delivery.js";

const repository = { full_name: "Acme/Web" };

describe("a delivery's rollout key", () => {
  it("is the rollout named by the tracking issue's marker, for ticks and commands alike", () => {
    const issue = { number: 7, body: "<!-- stagegate:rollout playlist-editor -->\n- [x] item" };
    expect(rolloutKey({ name: "issue_comment", payload: { repository, issue } })).toBe("acme/web#rollout-playlist-editor");
    expect(rolloutKey({ name: "issues", payload: { repository, issue } })).toBe("acme/web#rollout-playlist-editor");
  });

  it("is the pull request for a plan pull request's events and the re-run of its checks", () => {
    expect(rolloutKey({ name: "pull_request", payload: { repository, pull_request: { number: 3 } } })).toBe("acme/web#pr-3");
    expect(rolloutKey({ name: "check_run", payload: { repository, check_run: { head_sha: "abc", pull_requests: [{ number: 3 }] } } })).toBe("acme/web#pr-3");
  });

  it("is the event for a re-run of a check on a commit that no pull request has", () => {
    expect(rolloutKey({ name: "check_run", payload: { repository, check_run: { head_sha: "abc", pull_requests: [] } } })).toBe("acme/web#check_run");
  });

  it("is the issue for an issue that names no rollout", () => {
    expect(rolloutKey({ name: "issue_comment", payload: { repository, issue: { number: 9, body: "a bug" } } })).toBe("acme/web#issue-9");
  });
});

describe("a transient failure", () => {
  const failure = (status: number, message = "x", headers: Record<string, string> = {}) => Object.assign(new Error(message), { status, response: { headers } });

  it("is a server error, a 429, a rate-limit 403 or a network error", () => {
    expect(isTransient(failure(502))).toBe(true);
    expect(isTransient(failure(429))).toBe(true);
    expect(isTransient(failure(403, "You have exceeded a secondary rate limit", { "retry-after": "60" }))).toBe(true);
    expect(isTransient(new TypeError("fetch failed"))).toBe(true);
    expect(isTransient(new AggregateError([failure(404), failure(503)]))).toBe(true);
  });

  it("is a 403 once the rate limit is spent, however GitHub words it, and a connection reset however deep it is wrapped", () => {
    expect(isTransient(failure(403, "Forbidden", { "x-ratelimit-remaining": "0" }))).toBe(true);
    expect(isTransient(failure(403, "API rate limit exceeded for installation ID 1"))).toBe(true);
    expect(isTransient(new Error("request failed", { cause: Object.assign(new Error("read"), { code: "ECONNRESET" }) }))).toBe(true);
    expect(isTransient(new Error("request failed", { cause: new Error("bad input") }))).toBe(false);
  });

  it("is not a 404, a 422, a 403 that is no rate limit, or a bug", () => {
    expect(isTransient(failure(404))).toBe(false);
    expect(isTransient(failure(422))).toBe(false);
    expect(isTransient(failure(403, "Resource not accessible by integration"))).toBe(false);
    expect(isTransient(new TypeError("Cannot read properties of undefined"))).toBe(false);
  });

  it("is reported with the status and message of each error, without a stack", () => {
    expect(reasonOf(new AggregateError([failure(403, "Resource not accessible by integration"), new Error("boom")]))).toBe("403: Resource not accessible by integration; boom");
    expect(reasonOf("a string thrown by a dependency")).toBe("a string thrown by a dependency");
  });
});
