import { describe, expect, it } from "vitest";
import { explainGitHubFailure } from "../../core/github-errors.js";

const denied = (method: string, url: string) => explainGitHubFailure({ status: 403, message: "Resource not accessible by integration", method, url });

describe("explainGitHubFailure", () => {
  it("names the token input for Bad credentials", () => {
    expect(explainGitHubFailure({ status: 401, message: "Bad credentials", method: "GET", url: "https://api.github.com/repos/a/b" }).message).toMatch(/input token \(Bad credentials\)/);
  });

  it.each([
    ["PUT", "https://api.github.com/repos/a/b/contents/.github/rollouts/state/x.yml", "contents: write"],
    ["GET", "https://api.github.com/repos/a/b/commits?path=x&sha=main&per_page=1", "contents: read"],
    ["POST", "https://api.github.com/repos/a/b/issues/3/comments", "issues: write"],
    ["PATCH", "https://api.github.com/repos/a/b/issues/3", "issues: write"],
    ["GET", "https://api.github.com/repos/a/b/commits/abc/check-runs", "checks: read"],
    ["GET", "https://api.github.com/repos/a/b/commits/abc/pulls", "pull-requests: read"],
  ])("names the permission a %s of %s needs", (method, url, permission) => {
    expect(denied(method, url)).toMatchObject({ kind: "missing-permission", permission, message: expect.stringContaining(`lacks ${permission}`) });
  });

  it("leaves other failures as GitHub said them", () => {
    expect(explainGitHubFailure({ status: 502, message: "Bad Gateway", method: null, url: null })).toEqual({ kind: "other", message: "Bad Gateway" });
  });
});
