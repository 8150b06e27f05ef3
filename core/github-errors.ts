// GitHub's refusals, in words that say what to change. A workflow token or App installation
// lacking a permission gets 403 "Resource not accessible by integration" whatever the call, and
// a wrong token gets 401 "Bad credentials": neither names the fix. The fix depends on the call,
// so the request's method and route decide which `permissions:` entry is missing.

export interface GitHubFailure {
  status: number | null;
  /** GitHub's `message`, or the client's. */
  message: string;
  method: string | null;
  url: string | null;
}

export type Explained =
  | { kind: "bad-credentials"; message: string }
  | { kind: "missing-permission"; permission: string; message: string }
  | { kind: "other"; message: string };

/** Which `permissions:` entry a call needs, by its route. Writes need `write`, reads `read`. */
function permissionFor(method: string, url: string): string | null {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/\?.*$/, "");
  const write = method.toUpperCase() !== "GET" && method.toUpperCase() !== "HEAD";
  const level = write ? "write" : "read";
  if (/^\/repos\/[^/]+\/[^/]+\/(contents|git|commits\/[^/]+$|commits$)/.test(path) && !/\/commits\/[^/]+\/(check-runs|pulls)$/.test(path)) return `contents: ${level}`;
  if (/\/check-runs|\/check-suites/.test(path)) return `checks: ${level}`;
  if (/\/commits\/[^/]+\/pulls$|\/pulls(\/|$)/.test(path)) return `pull-requests: ${level}`;
  if (/\/issues(\/|$)|\/labels(\/|$)/.test(path)) return `issues: ${level}`;
  if (/^\/orgs\/[^/]+\/teams\//.test(path)) return "members: read (an App permission; a workflow token cannot read team membership)";
  return null;
}

export function explainGitHubFailure(failure: GitHubFailure, tokenInput = "token"): Explained {
  if (failure.status === 401 || /^bad credentials/i.test(failure.message)) {
    return { kind: "bad-credentials", message: `GitHub refused the token given as input ${tokenInput} (Bad credentials): it is expired, revoked or not a token; pass \${{ github.token }} or a current App token.` };
  }
  if (failure.status === 403 && /resource not accessible by integration/i.test(failure.message)) {
    const permission = failure.method !== null && failure.url !== null ? permissionFor(failure.method, failure.url) : null;
    const call = failure.method !== null && failure.url !== null ? ` (${failure.method.toUpperCase()} ${readablePath(failure.url)})` : "";
    return permission === null
      ? { kind: "other", message: `the token may not make this call${call}: Resource not accessible by integration; check the workflow's permissions:` }
      : { kind: "missing-permission", permission, message: `the token lacks ${permission}${call}: add it to the workflow's permissions:` };
  }
  return { kind: "other", message: failure.message };
}

/** The route's path as a person would write it: no host, no query, `%2F` back to `/`. */
function readablePath(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/\?.*$/, "");
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
